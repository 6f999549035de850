from django.urls import path

from ..views import library as views

app_name = "library"

urlpatterns = [
    path("", views.library, name="list"),
    path("new/", views.exercise_new, name="new"),
    path("<slug:slug>/", views.exercise_detail, name="detail"),
    path("<slug:slug>/edit/", views.exercise_edit, name="edit"),
    path("<slug:slug>/delete/", views.exercise_delete, name="delete"),
    path("<slug:slug>/photo/", views.exercise_photo, name="photo"),
    path("<slug:slug>/photo/thumb/", views.exercise_photo, {"thumb": True}, name="photo_thumb"),
]
