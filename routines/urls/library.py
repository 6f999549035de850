from django.urls import path

from ..views import library as views

app_name = "library"

urlpatterns = [
    path("", views.library, name="list"),
    path("<slug:slug>/", views.exercise_detail, name="detail"),
]
