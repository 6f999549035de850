from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("routines.urls.pages")),
    path("", include("routines.urls.offline")),
    path("learn/", include("learn.urls")),
    path("start/", include("learn.start_urls")),
    path("accounts/", include("accounts.urls")),
    path("library/", include("routines.urls.library")),
    path("routines/", include("routines.urls.routines")),
    path("routines/<int:pk>/play/", include("routines.urls.player")),
    path("history/psfs/", include("routines.urls.psfs")),
    path("history/", include("routines.urls.history")),
    path("today/", include("routines.urls.today")),
    path("schedule/", include("routines.urls.schedule")),
    path("calendar/", include("routines.urls.calendar")),
    path("sessions/", include("routines.urls.sessions")),
    path("admin/", admin.site.urls),
]
