import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.urls import reverse

from .. import dose
from ..timeline import build_timeline, total_seconds
from .exercise import Exercise

if TYPE_CHECKING:
    from accounts.models import User


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class RoutineQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "RoutineQuerySet":
        return self.filter(owner=user)

    def starters(self) -> "RoutineQuerySet":
        return self.filter(owner__isnull=True, starter_key__isnull=False)

    def with_items(self) -> "RoutineQuerySet":
        return self.prefetch_related(models.Prefetch("items", queryset=RoutineItem.objects.with_exercise()))


class RoutineManager(models.Manager.from_queryset(RoutineQuerySet)):
    def get_by_natural_key(self, starter_key: str):
        return self.get(starter_key=starter_key, owner__isnull=True)


class Routine(models.Model):
    """An ordered list of moves with their doses: a person's own, or a starter (no owner)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="routines"
    )
    name = models.CharField(max_length=100)
    notes = models.TextField(blank=True, max_length=2000)
    purpose = models.CharField(max_length=200, blank=True, help_text="What a starter routine is for.")
    starter_key = models.SlugField(null=True, blank=True, unique=True, help_text="Set only on starter routines.")
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineManager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routines:detail", args=[self.pk])

    def natural_key(self) -> tuple[str]:
        return (self.starter_key,)

    def ordered_items(self) -> list["RoutineItem"]:
        # Uses the prefetched items when with_items() fetched them.
        return sorted(self.items.all(), key=lambda item: (item.order, item.pk))

    def timeline(self, lead_in_seconds: int = 0):
        return build_timeline(self.ordered_items(), lead_in_seconds)

    def duration_seconds(self, lead_in_seconds: int = 0) -> int:
        return total_seconds(self.timeline(lead_in_seconds))

    @transaction.atomic
    def copy_for(self, user: "User", name: str | None = None) -> "Routine":
        """Return a new routine owned by `user` with the same items and doses.

        Someone else's custom moves are copied too (without their photo), so the
        copy never points at a move its new owner cannot see, and the original
        owner stays free to change or delete theirs.
        """
        copy = Routine.objects.create(owner=user, name=name or self.name, notes=self.notes)
        copied_moves: dict[int, int] = {}
        items = []
        for item in self.ordered_items():
            fields = {f: getattr(item, f) for f in RoutineItem.COPIED_FIELDS}
            move = item.exercise
            if move.owner_id is not None and move.owner_id != user.pk:
                if move.pk not in copied_moves:
                    copied_moves[move.pk] = move.copy_for(user).pk
                fields["exercise_id"] = copied_moves[move.pk]
            items.append(RoutineItem(routine=copy, **fields))
        RoutineItem.objects.bulk_create(items)
        return copy

    def add_item(self, exercise: Exercise) -> "RoutineItem":
        """Append a move with its default dose."""
        last = self.items.aggregate(last=Max("order"))["last"]
        return RoutineItem.objects.create(
            routine=self, exercise=exercise, order=(last or 0) + 1, **RoutineItem.default_dose(exercise)
        )


class RoutineItemQuerySet(models.QuerySet):
    def with_exercise(self) -> "RoutineItemQuerySet":
        """The items in their order, each with its move fetched alongside."""
        return self.select_related("exercise").order_by("order", "pk")


class RoutineItem(models.Model):
    """One move in a routine, with its own dose (copied from the move's default, then the person's to change)."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="routine_items")
    order = models.PositiveIntegerField(default=0)
    hold_seconds = models.PositiveIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    breaths = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(default=1)
    rest_seconds = models.PositiveSmallIntegerField(default=0)
    per_side = models.BooleanField(default=False)

    objects = RoutineItemQuerySet.as_manager()

    COPIED_FIELDS = (
        "exercise_id",
        "order",
        "hold_seconds",
        "reps",
        "tempo_seconds",
        "breaths",
        "sets",
        "rest_seconds",
        "per_side",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(name="item_sets_1_to_10", condition=Q(sets__gte=1, sets__lte=10)),
            models.CheckConstraint(name="item_rest_at_most_300", condition=Q(rest_seconds__lte=300)),
        ]

    def __str__(self) -> str:
        return f"{self.exercise.name} in {self.routine.name}"

    @staticmethod
    def default_dose(exercise: Exercise) -> dict:
        """Return an item's dose fields set to the move's default (the lower end of any range)."""
        return {
            **dose.only_measure(exercise.measure, {f: getattr(exercise, f) for f in dose.AMOUNT_FIELDS}),
            "sets": exercise.sets,
            "rest_seconds": exercise.rest_seconds,
            "per_side": exercise.per_side,
        }

    # What the timeline reads (see timeline.Dose).
    @property
    def name(self) -> str:
        return self.exercise.name

    @property
    def position(self) -> str:
        return self.exercise.position

    @property
    def measure(self) -> str:
        return self.exercise.measure

    @property
    def dose_summary(self) -> str:
        """Return this item's dose in a line, e.g. "Hold 30 s · each side · ×2 · 30 s rest"."""
        move = self.exercise
        return dose.dose_words(
            self.measure,
            dose.amount(self),
            per_side=self.per_side,
            sets=self.sets,
            rest_seconds=self.rest_seconds,
            kind=move.kind,
            at_least=move.hold_at_least and self.hold_seconds == move.hold_seconds,
        )

    def clean(self) -> None:
        values = {f: getattr(self, f) for f in (*dose.AMOUNT_FIELDS, "sets", "rest_seconds")}
        if errors := dose.problems(self.measure, self.exercise.kind, values):
            raise ValidationError(errors)
