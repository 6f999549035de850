"""Set Django up in this process on a throwaway SQLite database, as the tests do, for the in-process scripts."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(prefix: str) -> None:
    """Configure Django on a fresh SQLite file and migrate it; serve static files as they are."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "in-process-bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns that collectstatic has not run; these scripts read the source files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # As the tests do: the Client's host, plain HTTP, and static files without collectstatic.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
