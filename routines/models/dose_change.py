from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from .routine import Routine, RoutineItem

if TYPE_CHECKING:
    from accounts.models import User


class DoseChangeQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "DoseChangeQuerySet":
        return self.filter(user=user)

    def between(self, first: date, last: date) -> "DoseChangeQuerySet":
        """The changes made from the person's day `first` to `last`."""
        return self.filter(local_date__range=(first, last))

    def of_move(self, exercise_id: int, name: str) -> "DoseChangeQuerySet":
        """The changes of one move: found by its routine item, or by its name once the item has left the routine."""
        return self.filter(Q(item__exercise_id=exercise_id) | Q(item__isnull=True, move_name=name))


class DoseChange(models.Model):
    """One number of a routine item's dose changed: by an accepted suggestion or by hand in the builder.

    It keeps the move's name, so the record stays readable after the move leaves the routine.
    A value is None where the dose has no such number (a measure changed from hold to reps).
    """

    class Source(models.TextChoices):
        SUGGESTION = "suggestion", "Accepted suggestion"
        HAND = "hand", "Changed by hand"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_changes")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="dose_changes")
    item = models.ForeignKey(RoutineItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="dose_changes")
    move_name = models.CharField(max_length=120)
    field = models.CharField(max_length=20)
    old = models.PositiveIntegerField(null=True, blank=True)
    new = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    reason = models.CharField(max_length=500)
    # The accepted suggestion's key (pacing.Suggestion.key), so a second tap on it is known.
    suggestion_key = models.CharField(max_length=100, blank=True)
    changed_at = models.DateTimeField()
    # The person's own day of the change, fixed when it is made (as a session's local_date).
    local_date = models.DateField()

    objects = DoseChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["routine", "changed_at"]), models.Index(fields=["user", "local_date"])]

    def __str__(self) -> str:
        return f"{self.move_name} {self.field} {self.old}→{self.new}"


class SuggestionHidden(models.Model):
    """A suggestion the person answered "Not now": it is not shown again before `until` (their day)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="hidden_suggestions")
    key = models.CharField(max_length=100)
    until = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["routine", "key"], name="one_hide_per_suggestion")]

    def __str__(self) -> str:
        return f"{self.key} until {self.until}"
