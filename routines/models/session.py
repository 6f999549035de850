from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .exercise import Exercise
from .routine import Routine


class SessionQuerySet(models.QuerySet):
    def for_user(self, user) -> "SessionQuerySet":
        return self.filter(user=user)


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

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
