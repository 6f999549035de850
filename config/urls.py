from django.contrib import admin
from django.urls import include, path

from routines.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("safety/", pages.safety_page, name="safety"),
    path("accounts/", include("accounts.urls")),
    path("library/", include("routines.urls.library")),
    path("routines/", include("routines.urls.player")),
    path("sessions/", include("routines.urls.sessions")),
    path("admin/", admin.site.urls),
]
