from django.urls import path

from ..views import schedule as views

app_name = "schedule"

urlpatterns = [
    path("", views.schedule_list, name="list"),
    path("new/", views.schedule_create, name="create"),
    path("<int:pk>/edit/", views.schedule_edit, name="edit"),
    path("<int:pk>/pause/", views.schedule_pause, name="pause"),
    path("<int:pk>/resume/", views.schedule_resume, name="resume"),
    path("<int:pk>/delete/", views.schedule_delete, name="delete"),
]
