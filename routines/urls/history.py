from django.urls import path

from ..views import history

app_name = "history"

urlpatterns = [
    path("", history.index, name="index"),
    path("report/", history.report, name="report"),
    path("export.csv", history.export_csv, name="export_csv"),
]
