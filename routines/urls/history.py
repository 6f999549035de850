from django.urls import path

from ..views import history, share

app_name = "history"

urlpatterns = [
    path("", history.index, name="index"),
    path("report/", history.report, name="report"),
    path("export.csv", history.export_csv, name="export_csv"),
    path("dose-changes.csv", history.export_dose_changes_csv, name="export_dose_changes_csv"),
    path("share/", share.index, name="share"),
    path("share/new/", share.create, name="share_create"),
    path("share/<int:pk>/options/", share.options, name="share_options"),
    path("share/<int:pk>/revoke/", share.revoke, name="share_revoke"),
    path("shared/<str:token>/", share.shared, name="shared"),
]
