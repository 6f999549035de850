from django.urls import path

from ..views import calendar as views

# No namespace: the names are "calendar" and "calendar_feed".
urlpatterns = [
    path("", views.month, name="calendar"),
    path("feed/<str:token>.ics", views.feed, name="calendar_feed"),
]
