from django.urls import path

from . import views

# No namespace: "start" is the first step's name, which sign-up and Today link to.
urlpatterns = [
    path("", views.start, name="start"),
    path("questions/", views.questions, name="start_questions"),
    path("answer/", views.answer, name="start_answer"),
    path("copy/", views.copy, name="start_copy"),
    path("schedule/", views.schedule, name="start_schedule"),
]
