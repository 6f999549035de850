from django.contrib import admin
from django.urls import include, path

from routines.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("", include("routines.urls.offline")),
    path("safety/", pages.safety_page, name="safety"),
    path("sources/", pages.sources_page, name="sources"),
    path("learn/", include("learn.urls")),
    path("start/", include("learn.start_urls")),
    path("accounts/", include("accounts.urls")),
    path("library/", include("routines.urls.library")),
    path("routines/", include("routines.urls.routines")),
    path("routines/", include("routines.urls.player")),
    path("history/psfs/", include("routines.urls.psfs")),
    path("history/", include("routines.urls.history")),
    path("today/", include("routines.urls.today")),
    path("schedule/", include("routines.urls.schedule")),
    path("calendar/", include("routines.urls.calendar")),
    path("sessions/", include("routines.urls.sessions")),
    path("admin/", admin.site.urls),
]
