from django.urls import path

from ..views import pages

app_name = "pages"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("safety/", pages.safety_page, name="safety"),
    path("sources/", pages.sources_page, name="sources"),
]
