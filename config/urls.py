from django.contrib import admin
from django.urls import include, path

from routines import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("safety/", views.safety_page, name="safety"),
    path("accounts/", include("accounts.urls")),
    path("library/", include("routines.library_urls")),
    path("admin/", admin.site.urls),
]
