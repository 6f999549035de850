from django.urls import path

from ..views import player

app_name = "player"

# Mounted at routines/<pk>/play/ (config/urls.py), beside the routine's own pages.
urlpatterns = [
    path("", player.play, name="play"),
    path("run/", player.run, name="run"),
    path("save/", player.save, name="save"),
]
