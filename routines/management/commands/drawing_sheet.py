from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.html import escape

from routines.drawing import describe, render_svg
from routines.models import Exercise

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Limber drawings</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1d2421; }}
main {{ display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); }}
section {{ border: 1px solid #d5dbd7; border-radius: 8px; padding: 0.5rem; }}
h2 {{ font-size: 1rem; margin: 0 0 0.25rem; }} p {{ font-size: 0.8rem; color: #55605b; margin: 0.25rem 0 0; }}
.dark {{ background: #1b211e; color: #e8ede9; }}
svg {{ width: 100%; height: auto; }}
</style></head>
<body><h1>Limber: every built-in move's drawing ({count})</h1><main>{cells}</main></body></html>
"""


class Command(BaseCommand):
    help = "Write one HTML page with the drawing of every built-in move, to look them all over at once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", help="where to write the HTML page, e.g. /tmp/sheet.html")
        parser.add_argument("--dark", action="store_true", help="draw on the dark-mode background")

    def handle(self, *args, **options) -> None:
        cells = []
        for exercise in Exercise.objects.builtin().order_by("name"):
            if exercise.poses:
                picture = render_svg(exercise.poses, title=describe(exercise.poses))
            else:
                picture = "<strong>NO DRAWING</strong>"
            css = ' class="dark"' if options["dark"] else ""
            cells.append(
                f"<section{css}><h2>{escape(exercise.name)}</h2>{picture}"
                f"<p>{escape(describe(exercise.poses))}</p></section>"
            )
        out = Path(options["out"])
        out.write_text(PAGE.format(count=len(cells), cells="".join(cells)), encoding="utf-8")
        self.stdout.write(f"Wrote {len(cells)} drawings to {out}")
