from django.urls import path

from ..views import offline

app_name = "offline"

urlpatterns = [
    path("sw.js", offline.service_worker, name="worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_page, name="page"),
    path("offline/pages.json", offline.offline_pages, name="pages"),
]
