from django.core.management import call_command
from django.core.management.base import BaseCommand

LIBRARY_FIXTURES = ["exercises"]


class Command(BaseCommand):
    help = "Load or update the built-in exercise library. Safe to run again: users' own data is never touched."

    def handle(self, *args, **options) -> None:
        # The fixtures carry natural keys and no primary keys, so each built-in row
        # is matched by its slug and updated in place, never duplicated, and no
        # user's row can be overwritten by a primary-key collision.
        call_command("loaddata", *LIBRARY_FIXTURES, verbosity=options["verbosity"])
