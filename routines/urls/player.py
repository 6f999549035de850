from django.urls import path

from ..views import player

app_name = "player"

urlpatterns = [
    path("<int:pk>/play/", player.play, name="play"),
    path("<int:pk>/play/run/", player.run, name="run"),
    path("<int:pk>/play/save/", player.save, name="save"),
]
