"""Request bodies for the benchmarks, built from the database (run through `manage.py shell`)."""

import json
from datetime import timedelta

from django.utils import timezone

from routines.models import Routine
from routines.session_save import sign_plan


def save_payload(username: str) -> str:
    """Return a finished-session JSON body for the person's first routine, with CLIENT_ID to fill in per request.

    It carries the routine's signed plan, as the player's own result does, so the save is measured
    on the path the player takes (the routine without its moves: routines.session_save.routine_to_save).
    """
    routine = Routine.objects.with_items().filter(owner__username=username).order_by("pk").first()
    seconds = routine.duration_seconds()
    ended = timezone.now()
    moves = [
        {
            "item": index,
            "sets_done": item.sets,
            "seconds_done": 0,
            "reps_done": None,
            "skipped": False,
        }
        for index, item in enumerate(routine.ordered_items())
    ]
    return json.dumps(
        {
            "client_id": "CLIENT_ID",
            "started_at": (ended - timedelta(seconds=seconds + 30)).isoformat(),
            "ended_at": ended.isoformat(),
            "duration_seconds": seconds,
            "completed": True,
            "pain_before": 4,
            "pain_after": 3,
            "effort": 5,
            "notes": "",
            "notes_flagged": False,
            "moves": moves,
            "plan": sign_plan(routine.owner, routine),
        }
    )
