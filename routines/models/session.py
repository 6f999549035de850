from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse

from ..dates import local_date
from ..dose import minutes
from ..progress import DayTotals
from .exercise import Exercise
from .raw import raw_rows
from .routine import Routine

if TYPE_CHECKING:
    from accounts.models import User


class SessionQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "SessionQuerySet":
        return self.filter(user=user)

    def between(self, first: date | None = None, last: date | None = None) -> "SessionQuerySet":
        """The sessions done from the local day `first` to `last` (either end left open when None)."""
        rows = self if first is None else self.filter(local_date__gte=first)
        return rows if last is None else rows.filter(local_date__lte=last)

    def per_day(self) -> DayTotals:
        """Return the sessions and their seconds per local day (one query, aggregated in the database)."""
        rows = self.order_by().values("local_date").annotate(n=Count("id"), seconds=Sum("duration_seconds"))
        done, seconds = {}, {}
        for day, n, total in raw_rows(rows.values_list("local_date", "n", "seconds")):
            done[day] = n
            seconds[day] = total or 0
        return DayTotals(done, seconds)

    def pain_points(self) -> list[tuple[date, int | None, int | None, int | None]]:
        """Return (day, pain before, pain after, pain the next morning) of each session with a score (one query)."""
        return list(
            self.exclude(pain_before__isnull=True, pain_after__isnull=True, morning_pain__isnull=True)
            .order_by("local_date")
            .values_list("local_date", "pain_before", "pain_after", "morning_pain")
        )

    def routines_followed(self) -> list[dict]:
        """Return each routine done with its sessions, minutes and last day, most done first (one query)."""
        rows = (
            self.order_by()
            .values("routine_name")
            .annotate(sessions=Count("id"), seconds=Sum("duration_seconds"), last_done=Max("local_date"))
        )
        result = [{**row, "minutes": minutes(row["seconds"])} for row in rows]
        return sorted(result, key=lambda row: (-row["sessions"], row["routine_name"].lower()))

    def flagged_notes(self) -> list[tuple[date, str, str]]:
        """Return (day, routine, notes) of the sessions whose notes the person flagged for the report (one query)."""
        return list(
            self.filter(notes_flagged=True)
            .exclude(notes="")
            .order_by("local_date", "started_at")
            .values_list("local_date", "routine_name", "notes")
        )

    def record(self, user, moves: Iterable[dict], **fields) -> tuple["Session", bool]:
        """Keep one session and its moves, once per (user, client id); return (session, created).

        `fields` are the session's own (a client id and started_at among them); each of `moves`
        holds one SessionMove's fields, in the order done. The local date is worked out here, and
        the person's data version moves in the same transaction, so the busiest POST writes it
        once. A second record with the same client id (a retry, or a save that raced another and
        lost) writes nothing and returns the one kept first.
        """
        session = self._build(user, fields)
        try:
            with transaction.atomic():
                session.save()
                SessionMove.objects.bulk_create(session.moves_from(moves))
                user.move_data_version()
        except IntegrityError:
            first = self.filter(user=user, client_id=session.client_id).first()
            if first is None:
                raise  # not the unique client id: some other rule refused it
            return first, False
        return session, True

    def record_many(self, user, sessions: Iterable[tuple[dict, Iterable[dict]]]) -> int:
        """Keep many (fields, moves) sessions of one person at once, as `record` does one: for demo
        data, in bulk and in one transaction, with no retry to settle. Return how many."""
        built = [(self._build(user, fields), moves) for fields, moves in sessions]
        with transaction.atomic():
            # bulk_create sets primary keys on PostgreSQL and SQLite 3.35+, which Django 5.2 requires.
            self.bulk_create([session for session, _ in built], batch_size=500)
            SessionMove.objects.bulk_create(
                [move for session, moves in built for move in session.moves_from(moves)], batch_size=1000
            )
            user.move_data_version()
        return len(built)

    def _build(self, user, fields: dict) -> "Session":
        session = self.model(user=user, **fields)
        session.local_date = local_date(user, session.started_at)
        return session


class Session(models.Model):
    """One time a person did a routine (or a free choice of moves), from the player or logged by hand.

    It keeps a readable snapshot (the routine's name, each move's name and dose) so
    history stays true when the routine is later edited or deleted.
    """

    class Source(models.TextChoices):
        PLAYER = "player", "Player"
        MANUAL = "manual", "Logged by hand"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions")
    # Made by the client when the routine starts: a retried save carries the same id.
    client_id = models.UUIDField()
    routine = models.ForeignKey(Routine, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    routine_name = models.CharField(max_length=100)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PLAYER)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    # The day it was done in the person's own time zone, fixed at save time, so
    # every daily view filters on a plain indexed date on any database.
    local_date = models.DateField()
    duration_seconds = models.PositiveIntegerField()
    completed = models.BooleanField(default=True, help_text="False when ended early.")
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    # Pain on waking the day after (the person's own next day), asked once on Today.
    # morning_checked_at is set when it was answered or skipped, so it is never asked twice.
    morning_pain = models.PositiveSmallIntegerField("pain the next morning", null=True, blank=True)
    morning_checked_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    notes_flagged = models.BooleanField(default=False, help_text="Show these notes on the clinician report.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_session_per_client_id"),
            models.CheckConstraint(name="session_times_in_order", condition=Q(ended_at__gte=models.F("started_at"))),
            models.CheckConstraint(name="session_pain_before_0_10", condition=Q(pain_before__lte=10)),
            models.CheckConstraint(name="session_pain_after_0_10", condition=Q(pain_after__lte=10)),
            models.CheckConstraint(name="session_effort_0_10", condition=Q(effort__lte=10)),
            models.CheckConstraint(name="session_morning_pain_0_10", condition=Q(morning_pain__lte=10)),
        ]
        indexes = [models.Index(fields=["user", "local_date"])]

    def __str__(self) -> str:
        return f"{self.routine_name} on {self.local_date}"

    def get_absolute_url(self) -> str:
        return reverse("sessions:detail", args=[self.pk])

    def moves_from(self, moves: Iterable[dict]) -> list["SessionMove"]:
        """Return this session's SessionMoves, unsaved, from each move's fields in the order done."""
        return [SessionMove(session=self, order=index, **move) for index, move in enumerate(moves)]


class SessionMoveQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "SessionMoveQuerySet":
        return self.filter(session__user=user)

    def between(self, first: date, last: date) -> "SessionMoveQuerySet":
        """The moves of the sessions done from the local day `first` to `last`."""
        return self.filter(session__local_date__gte=first, session__local_date__lte=last)

    def done(self) -> "SessionMoveQuerySet":
        return self.filter(skipped=False)

    def exercise_names(self) -> list[tuple[int, str]]:
        """Return (exercise id, name) of every move among these, sorted by name (one query)."""
        rows = self.filter(exercise__isnull=False).order_by().values("exercise_id").annotate(name=Max("name"))
        return sorted(((row["exercise_id"], row["name"]) for row in rows), key=lambda item: item[1].lower())

    def amounts(self) -> list[tuple[date, str, int, int | None]]:
        """Return (day, measure, seconds, reps) of each of these moves, for progress.move_series (one query)."""
        return list(self.values_list("session__local_date", "measure", "seconds_done", "reps_done"))

    def totals(self) -> list[dict]:
        """Return each move done or skipped among these, with its totals, most done first (one query).

        A move is its name, measure and sidedness as it was played, so a dose changed midway
        (a hold becoming reps) shows as two rows rather than one muddled average.
        """
        done, skipped = Q(skipped=False), Q(skipped=True)
        rows = (
            self.order_by()
            .values("name", "measure", "per_side")
            .annotate(
                times=Count("id", filter=done),
                skipped_times=Count("id", filter=skipped),
                sets=Sum("sets_done", filter=done),
                reps=Sum("reps_done", filter=done),
                seconds=Sum("seconds_done", filter=done),
                last_done=Max("session__local_date", filter=done),
            )
        )
        return sorted(rows, key=lambda row: (-row["times"], row["name"].lower()))


class SessionMove(models.Model):
    """What was actually done of one move in a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="moves")
    order = models.PositiveIntegerField(default=0)
    exercise = models.ForeignKey(Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=120)
    measure = models.CharField(max_length=10, choices=Exercise.Measure.choices)
    per_side = models.BooleanField(default=False)
    sets_planned = models.PositiveSmallIntegerField(default=1)
    sets_done = models.PositiveSmallIntegerField(default=0)
    reps_done = models.PositiveIntegerField(null=True, blank=True, help_text="Total repetitions, all sets and sides.")
    seconds_done = models.PositiveIntegerField(default=0, help_text="Total seconds of work, all sets and sides.")
    skipped = models.BooleanField(default=False)

    objects = SessionMoveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
