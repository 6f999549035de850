from django.urls import path

from ..views import calendar as views

urlpatterns = [
    path("", views.today, name="today"),
]
