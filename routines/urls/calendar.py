from django.urls import path

from ..views import calendar as views

app_name = "calendar"

urlpatterns = [
    path("", views.month, name="month"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
