import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.urls import reverse

from ..timeline import build_timeline, total_seconds
from .exercise import Exercise

# The bounds a dose may take, each with the reason a person sees when they go
# past it. Heat and walking run in minutes (moist heat 10–15 min), so a hold of
# a warm-up or aerobic move may run to an hour; a stretch holds at most 5 min.
DOSE_BOUNDS = {
    "hold_seconds": (5, 300),
    "long_hold_seconds": (60, 3600),
    "reps": (1, 50),
    "tempo_seconds": (1, 10),
    "breaths": (1, 30),
    "sets": (1, 10),
    "rest_seconds": (0, 300),
}
LONG_HOLD_KINDS = {Exercise.Kind.WARMUP, Exercise.Kind.AEROBIC}


def hold_bounds(kind: str) -> tuple[int, int]:
    """Return the (lowest, highest) hold in seconds for a move of this kind."""
    return DOSE_BOUNDS["long_hold_seconds" if kind in LONG_HOLD_KINDS else "hold_seconds"]


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class RoutineQuerySet(models.QuerySet):
    def for_user(self, user) -> "RoutineQuerySet":
        return self.filter(owner=user)

    def starters(self) -> "RoutineQuerySet":
        return self.filter(owner__isnull=True, starter_key__isnull=False)

    def with_items(self) -> "RoutineQuerySet":
        return self.prefetch_related(
            models.Prefetch("items", queryset=RoutineItem.objects.select_related("exercise").order_by("order", "pk"))
        )


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
    def copy_for(self, user, name: str | None = None) -> "Routine":
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
            "hold_seconds": exercise.hold_seconds if exercise.measure == "hold" else None,
            "reps": exercise.reps if exercise.measure == "reps" else None,
            "tempo_seconds": exercise.tempo_seconds if exercise.measure == "reps" else None,
            "breaths": exercise.breaths if exercise.measure == "breaths" else None,
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
        if self.measure == "reps":
            parts = [f"{self.reps} reps"]
        elif self.measure == "breaths":
            parts = [f"{self.breaths} breaths"]
        else:
            seconds = self.hold_seconds
            parts = [f"Hold {seconds // 60} min" if seconds >= 60 and seconds % 60 == 0 else f"Hold {seconds} s"]
        if self.per_side:
            parts.append("each side")
        if self.sets > 1:
            parts.append(f"×{self.sets}")
            if self.rest_seconds:
                parts.append(f"{self.rest_seconds} s rest")
        return " · ".join(parts)

    def clean(self) -> None:
        errors = {}
        fields = {"hold": ["hold_seconds"], "reps": ["reps", "tempo_seconds"], "breaths": ["breaths"]}[self.measure]
        for field in fields:
            low, high = hold_bounds(self.exercise.kind) if field == "hold_seconds" else DOSE_BOUNDS[field]
            value = getattr(self, field)
            if value is None or not low <= value <= high:
                errors[field] = f"Choose between {low} and {high}."
        for field in ("sets", "rest_seconds"):
            low, high = DOSE_BOUNDS[field]
            if not low <= getattr(self, field) <= high:
                errors[field] = f"Choose between {low} and {high}."
        if errors:
            raise ValidationError(errors)
