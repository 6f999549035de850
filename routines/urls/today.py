from django.urls import path

from ..views import today as views

app_name = "today"

urlpatterns = [
    path("", views.today, name="index"),
    path("morning/", views.morning_check, name="morning"),
]
