import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routines.models import Exercise, Routine, RoutineItem

LIBRARY_FIXTURES = ["exercises"]
STARTERS = Path(settings.BASE_DIR) / "fixtures" / "starters.json"
DOSE_FIELDS = ("hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side")


def _item_rows(spec: dict, exercises: dict[str, Exercise]) -> list[dict]:
    """Return the starter's items as field values: each move's default dose with the fixture's overrides."""
    rows = []
    for order, entry in enumerate(spec["items"], start=1):
        exercise = exercises.get(entry["exercise"])
        if exercise is None:
            raise CommandError(f"Starter {spec['starter_key']!r}: no built-in move {entry['exercise']!r}.")
        unknown = set(entry) - {"exercise", *DOSE_FIELDS}
        if unknown:
            raise CommandError(f"Starter {spec['starter_key']!r}: unknown fields {sorted(unknown)}.")
        dose = {**RoutineItem.default_dose(exercise), **{k: v for k, v in entry.items() if k != "exercise"}}
        item = RoutineItem(exercise=exercise, order=order, **dose)
        try:
            item.clean()
        except ValidationError as error:
            raise CommandError(f"Starter {spec['starter_key']!r}, {exercise.slug}: {error.messages}") from error
        rows.append({"exercise_id": exercise.pk, "order": order, **dose})
    return rows


@transaction.atomic
def load_starters(path: Path = STARTERS) -> int:
    """Create or update each starter routine by its key; return how many changed. Users' routines are never read."""
    specs = json.loads(path.read_text())
    exercises = {e.slug: e for e in Exercise.objects.builtin()}
    changed = 0
    for spec in specs:
        rows = _item_rows(spec, exercises)
        fields = {"name": spec["name"], "purpose": spec.get("purpose", ""), "notes": spec.get("notes", "")}
        routine = Routine.objects.starters().filter(starter_key=spec["starter_key"]).first()
        if routine is None:
            routine = Routine.objects.create(owner=None, starter_key=spec["starter_key"], **fields)
            dirty = True
        else:
            dirty = any(getattr(routine, k) != v for k, v in fields.items())
            if dirty:
                Routine.objects.filter(pk=routine.pk).update(**fields)
        current = list(routine.items.order_by("order", "pk").values("exercise_id", "order", *DOSE_FIELDS))
        if current != rows:
            routine.items.all().delete()
            RoutineItem.objects.bulk_create(RoutineItem(routine=routine, **row) for row in rows)
            dirty = True
        changed += dirty
    return changed


class Command(BaseCommand):
    help = (
        "Load or update the built-in exercise library, the starter routines and the Learn articles. "
        "Safe to run again: users' own data is never touched."
    )

    def handle(self, *args, **options) -> None:
        # The fixtures carry natural keys and no primary keys, so each built-in row
        # is matched by its slug and updated in place, never duplicated, and no
        # user's row can be overwritten by a primary-key collision.
        call_command("loaddata", *LIBRARY_FIXTURES, verbosity=options["verbosity"])
        changed = load_starters()
        if options["verbosity"]:
            self.stdout.write(f"Starter routines: {changed} created or updated.")
        # The Learn articles name moves and starters by their natural keys, so they load last.
        call_command("loaddata", "articles", verbosity=options["verbosity"])
