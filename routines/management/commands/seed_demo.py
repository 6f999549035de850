"""Make realistic demo data: people with routines and years of daily sessions.

Fast on purpose (bulk inserts), so the benchmark can seed five years in seconds.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from routines.dates import local_date, zone_of
from routines.models import Exercise, PsfsActivity, PsfsEntry, PsfsRating, Routine, Schedule, Session

DEMO_PASSWORD = "demo-password-1"
# A few session notes, some flagged for the clinician report.
DEMO_NOTES = [
    ("Right hip tight on waking, eased after the bridges.", True),
    ("Sharp twinge in the lower back on the knees-to-chest; stopped that one.", True),
    ("Felt good, did it after a walk.", False),
    ("Long day sitting; the stretch helped.", False),
    ("Slept badly, stiffer than usual.", True),
]
DEMO_ACTIVITIES = ["Sitting through a film", "Putting on socks", "Walking to the shops"]
DEMO_MOVES = ["kneeling-hip-flexor-stretch", "glute-bridge", "cat-cow", "lying-knees-to-chest"]


class Command(BaseCommand):
    help = f"Create demo users (demo, demo2, …; password {DEMO_PASSWORD!r}) with years of daily history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=1)
        parser.add_argument("--years", type=float, default=5)
        parser.add_argument("--seed", type=int, default=7, help="random seed, for repeatable data")
        parser.add_argument("--prefix", default="demo", help="usernames: PREFIX, PREFIX2, PREFIX3, …")

    def handle(self, *args, users: int, years: float, seed: int, prefix: str, **options) -> None:
        if users < 1 or not 0 < years <= 20:
            self.stderr.write("--users must be at least 1 and --years between 0 and 20.")
            return
        call_command("load_library", verbosity=0)
        rng = random.Random(seed)
        for number in range(1, users + 1):
            username = prefix if number == 1 else f"{prefix}{number}"
            with transaction.atomic():
                User.objects.filter(username=username).delete()
                user = User.objects.create_user(
                    username, f"{username}@example.com", DEMO_PASSWORD, timezone="Europe/London"
                )
                routine = demo_routine(user)
                count = seed_sessions(user, routine, days=round(years * 365), rng=rng)
                sessions = Session.objects.for_user(user).order_by("local_date")
                first = sessions.values_list("local_date", flat=True).first()
                if first is not None:
                    # Planned every day since the first session, so adherence and missed days have a plan.
                    Schedule.objects.create(user=user, routine=routine, start_date=first, time_of_day=time(8, 0))
                    seed_psfs(user, first, rng)
            self.stdout.write(f"{username}: {count} sessions over {years:g} years")


def demo_routine(user: User) -> Routine:
    routine = Routine.objects.create(owner=user, name="Daily hip mobility", notes="Demo routine.")
    for exercise in Exercise.objects.builtin().filter(slug__in=DEMO_MOVES).order_by("name"):
        routine.add_item(exercise)
    routine.items.update(sets=2, rest_seconds=20)  # a realistic ten-minute home session
    return Routine.objects.with_items().get(pk=routine.pk)


def seed_sessions(user: User, routine: Routine, days: int, rng: random.Random) -> int:
    """Create about one session a day for `days` days up to yesterday, with gaps and drifting pain."""
    zone = zone_of(user)
    items = routine.ordered_items()
    planned_seconds = routine.duration_seconds()
    today = local_date(user, timezone.now())
    pain = 6.0
    gap_left = 0
    sessions = []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        # Pain wanders around a level that eases from 6 to 3 over the years, with bad spells.
        settle = 6.0 - 3.0 * (days - offset) / days
        pain = min(9.0, max(0.0, pain + 0.12 * (settle - pain) + rng.uniform(-0.7, 0.7)))
        if gap_left:
            gap_left -= 1
            continue
        if rng.random() < 0.03:  # a holiday, a cold, a busy week
            gap_left = rng.randint(2, 10)
            continue
        if rng.random() < 0.15:
            continue
        completed = rng.random() > 0.1
        seconds = planned_seconds if completed else rng.randint(planned_seconds // 3, planned_seconds - 1)
        start = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59)), tzinfo=zone)
        before = round(pain)
        notes, flagged = rng.choice(DEMO_NOTES) if rng.random() < 0.08 else ("", False)
        session = {
            "client_id": uuid.UUID(int=rng.getrandbits(128)),
            "routine": routine,
            "routine_name": routine.name,
            "started_at": start,
            "ended_at": start + timedelta(seconds=seconds),
            "duration_seconds": seconds,
            "completed": completed,
            "pain_before": before,
            "pain_after": min(10, max(0, before + rng.choice([-2, -1, -1, 0, 0, 1]))),
            "effort": rng.randint(3, 7),
            "notes": notes,
            "notes_flagged": flagged,
        }
        moves = [
            {
                "exercise_id": item.exercise_id,
                "name": item.name,
                "measure": item.measure,
                "per_side": item.per_side,
                "sets_planned": item.sets,
                "sets_done": item.sets if completed or index < 2 else 0,
                # A rep or two more on good days, as strength builds.
                "reps_done": ((item.reps or 0) + rng.randint(-1, 2)) * item.sets if item.measure == "reps" else None,
                "seconds_done": (item.hold_seconds + rng.randint(-3, 5) if item.hold_seconds else 0)
                * item.sets
                * (2 if item.per_side else 1),
                "skipped": not completed and index >= 2,
            }
            for index, item in enumerate(items)
        ]
        sessions.append((session, moves))
    return Session.objects.record_many(user, sessions)


def seed_psfs(user: User, first, rng: random.Random) -> None:
    """Rate three activities every two weeks from the first session on, slowly getting easier."""
    activities = [
        PsfsActivity.objects.create(user=user, name=name, position=n) for n, name in enumerate(DEMO_ACTIVITIES, 1)
    ]
    today = local_date(user, timezone.now())
    days = [first + timedelta(days=14 * n) for n in range((today - first).days // 14 + 1)]
    entries = PsfsEntry.objects.bulk_create(PsfsEntry(user=user, local_date=day) for day in days)
    ratings = []
    for index, entry in enumerate(entries):
        progress = index / max(1, len(entries) - 1)
        for position, activity in enumerate(activities, start=1):
            level = 3 + 5 * progress + rng.uniform(-1, 1)
            ratings.append(
                PsfsRating(entry=entry, activity=activity, position=position, rating=min(10, max(0, round(level))))
            )
    PsfsRating.objects.bulk_create(ratings, batch_size=1000)
