from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from routines.icons import ICONS, draw_icon


class Command(BaseCommand):
    help = "Draw the app icons the manifest lists into static/img/icons/."

    def handle(self, *args, **options) -> None:
        folder = Path(settings.BASE_DIR) / "static" / "img" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        for name, size, maskable in ICONS:
            (folder / name).write_bytes(draw_icon(size, maskable))
            self.stdout.write(f"Drew {folder / name}")
