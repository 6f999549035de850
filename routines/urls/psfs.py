from django.urls import path

from ..views import psfs

app_name = "psfs"

urlpatterns = [
    path("", psfs.index, name="index"),
    path("activities/", psfs.activities, name="activities"),
    path("rate/", psfs.rate, name="rate"),
    path("later/", psfs.later, name="later"),
    path("export.csv", psfs.export_csv, name="export_csv"),
    path("<int:pk>/", psfs.edit, name="edit"),
    path("<int:pk>/delete/", psfs.delete, name="delete"),
]
