"""The project stands on its own: nothing in it reads or points at files beside the repository."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".git", ".venv", "var", "staticfiles", "media", "node_modules", "__pycache__", ".pytest_cache"}
TEXT_SUFFIXES = {".py", ".html", ".md", ".txt", ".json", ".js", ".css", ".toml", ".cfg", ".ini", ".sh", ""}
# Written in pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\.\./" + "shared", r"\.parent\s*/\s*['\"]" + "shared", "shared/" + "seeds"]))


def _project_files():
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and path.suffix in TEXT_SUFFIXES and not SKIP_DIRS.intersection(parts):
            yield path


def test_no_file_reads_or_points_at_a_folder_beside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _project_files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_the_check_finds_a_path_beside_the_repository():
    assert OUTSIDE.search("SEEDS = Path(BASE_DIR).parent / " + '"shared" / "seeds"')
    assert OUTSIDE.search("see ../" + "shared/PRODUCT.md")
    assert not OUTSIDE.search("a routine shared with a friend")
