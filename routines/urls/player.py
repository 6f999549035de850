from django.urls import path

from ..views import player

app_name = "player"

urlpatterns = [
    path("<int:pk>/play/", player.play, name="play"),
]
