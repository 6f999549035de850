from django.urls import path

from ..views import calendar as views

urlpatterns = [
    path("", views.today, name="today"),
    path("morning/", views.morning_check, name="morning_check"),
]
