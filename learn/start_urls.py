from django.urls import path

from . import views

app_name = "start"

urlpatterns = [
    path("", views.start, name="index"),
    path("questions/", views.questions, name="questions"),
    path("answer/", views.answer, name="answer"),
    path("copy/", views.copy, name="copy"),
    path("schedule/", views.schedule, name="schedule"),
]
