import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify

from .. import dose, sources

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class SlugNamedManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class SlugNamed(models.Model):
    """A small named list (body areas, equipment) that fixtures refer to by slug."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)

    objects = SlugNamedManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class BodyArea(SlugNamed):
    pass


class Equipment(SlugNamed):
    class Meta(SlugNamed.Meta):
        verbose_name_plural = "equipment"


# More words than this narrow nothing a person could want, and each one costs the search a condition.
MAX_SEARCH_WORDS = 8


def search_words(q: str) -> list[str]:
    """Return the query's distinct words, casefolded, at most MAX_SEARCH_WORDS of them, in order."""
    return list(dict.fromkeys(word.casefold() for word in q.split()))[:MAX_SEARCH_WORDS]


def matches_every(words: list[str], fields: list[str]) -> bool:
    """Whether each word (casefolded) is inside one of the fields, case aside."""
    # Words hold no whitespace (they are split on it), so none spans two fields.
    text = "\n".join(fields).casefold()
    return all(word in text for word in words)


class ExerciseQuerySet(models.QuerySet):
    def builtin(self) -> "ExerciseQuerySet":
        return self.filter(owner__isnull=True)

    def for_user(self, user: "User | AnonymousUser") -> "ExerciseQuerySet":
        """The person's own custom moves: the only ones they may edit, delete or see photos of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def visible_to(self, user: "User | AnonymousUser") -> "ExerciseQuerySet":
        """Built-in moves plus the person's own custom moves."""
        if not user.is_authenticated:
            return self.builtin()
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def search(self, q: str = "", kind: str = "", area: str = "", position: str = "", equipment: str = ""):
        """Moves matching every word of `q` (in the name, summary, muscles or a body area) and each filter.

        The filters are plain conditions (an area or an equipment slug joins one row at most);
        the words are matched in Python against the moves the filters leave (a few dozen):
        however many words, the SQL stays that of a search without any.
        """
        qs = self
        if kind:
            qs = qs.filter(kind=kind)
        if position:
            qs = qs.filter(position=position)
        if area:
            qs = qs.filter(areas__slug=area)
        if equipment == "none":
            qs = qs.filter(equipment__isnull=True)
        elif equipment:
            qs = qs.filter(equipment__slug=equipment)
        words = search_words(q)
        if not words:
            return qs
        # Every area's name counts, not just the filtered area's: the rows come from a query of
        # their own (over the filtered moves), which no filter's join narrows.
        rows = self.model.objects.filter(pk__in=qs.values("pk")).values_list(
            "pk", "name", "summary", "muscles", "areas__name"
        )
        texts: dict[int, list[str]] = {}
        for pk, *fields in rows:
            texts.setdefault(pk, []).extend(field for field in fields if field)
        return qs.filter(pk__in=[pk for pk, fields in texts.items() if matches_every(words, fields)])


class ExerciseManager(SlugNamedManager.from_queryset(ExerciseQuerySet)):
    def get_by_natural_key(self, slug: str):
        # The fixture's natural key only ever names a built-in move.
        return self.get(slug=slug, owner__isnull=True)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def new_custom_slug(name: str) -> str:
    """Return a free slug for a custom move: its name plus a random suffix no built-in move has."""
    base = slugify(name)[:120].strip("-") or "move"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Exercise.objects.filter(slug=slug).exists():
            return slug


class Exercise(models.Model):
    """A move in the library: built in (owner is null) or a person's own."""

    class Kind(models.TextChoices):
        STRETCH = "stretch", "Stretch"
        STRENGTH = "strength", "Strength"
        MOBILITY = "mobility", "Mobility"
        WARMUP = "warmup", "Warm-up / heat"
        AEROBIC = "aerobic", "Aerobic"

    class Position(models.TextChoices):
        STANDING = "standing", "Standing"
        KNEELING = "kneeling", "Kneeling"
        SEATED = "seated", "Seated"
        LYING = "lying", "Lying"

    class Measure(models.TextChoices):
        HOLD = "hold", "Hold (seconds)"
        REPS = "reps", "Repetitions"
        BREATHS = "breaths", "Breaths"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    areas = models.ManyToManyField(BodyArea, related_name="exercises", blank=True)
    muscles = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=10, choices=Position.choices)
    equipment = models.ManyToManyField(Equipment, related_name="exercises", blank=True)
    instructions = models.TextField(help_text="One step per line.")

    measure = models.CharField(max_length=10, choices=Measure.choices)
    hold_seconds = models.PositiveIntegerField(null=True, blank=True)
    hold_seconds_max = models.PositiveIntegerField(null=True, blank=True)
    hold_at_least = models.BooleanField(
        default=False, help_text='The source gives the hold as a minimum ("at least 30 s"), not as an exact time.'
    )
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_seconds = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Seconds per repetition.")
    breaths = models.PositiveSmallIntegerField(null=True, blank=True)
    breaths_max = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(default=1)
    sets_max = models.PositiveSmallIntegerField(null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(default=0)
    per_side = models.BooleanField(default=False)
    dose_note = models.CharField(max_length=300, blank=True)
    dose_by_limber = models.BooleanField(
        default=False,
        help_text=(
            "Built-in moves only: the documents give no dose for this move, so its dose is Limber's choice "
            "and the plan may step it within Limber's own bounds (routines.pacing.OWN_STEPS)."
        ),
    )

    cautions = models.TextField(help_text="One caution per line.")
    stop_if = models.TextField("stop if", blank=True, help_text="One condition per line.")
    source = models.CharField(max_length=100, blank=True, help_text="The source document's key in routines.sources.")
    poses = models.JSONField(
        default=list,
        blank=True,
        help_text="The line drawing: a list of pose descriptions (start, end), see routines/drawing.py.",
    )
    # A custom move's photo, already checked, turned upright, stripped and resized by
    # routines.photos; set only through the owner's form, served only to the owner.
    photo = models.ImageField(upload_to="photos/", blank=True, editable=False)
    photo_thumb = models.ImageField(upload_to="photos/", blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )

    objects = ExerciseManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="exercise_measure_has_its_amount",
                condition=(
                    Q(measure="hold", hold_seconds__gte=1)
                    | Q(measure="reps", reps__gte=1, tempo_seconds__gte=1)
                    | Q(measure="breaths", breaths__gte=1)
                ),
            ),
            models.CheckConstraint(name="exercise_sets_at_least_one", condition=Q(sets__gte=1)),
            # A dose the documents give no range for is Limber's only on a built-in move with no range.
            models.CheckConstraint(
                name="exercise_limbers_dose_is_builtin_without_a_range",
                condition=Q(dose_by_limber=False)
                | Q(
                    owner__isnull=True,
                    hold_seconds_max__isnull=True,
                    reps_max__isnull=True,
                    breaths_max__isnull=True,
                    sets_max__isnull=True,
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        # Staff edit built-in poses in the admin: a pose that cannot be drawn is refused there.
        from ..drawing import problems

        if errors := problems(self.poses):
            raise ValidationError({"poses": errors})

    def copy_for(self, user: "User") -> "Exercise":
        """Return a copy of this custom move owned by `user` (no photo: that stays its owner's)."""
        copy = Exercise.objects.get(pk=self.pk)
        copy.pk = None
        copy.owner = user
        copy.slug = new_custom_slug(self.name)
        copy.photo = copy.photo_thumb = ""
        copy.save()
        copy.areas.set(self.areas.all())
        copy.equipment.set(self.equipment.all())
        return copy

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None

    @property
    def steps(self) -> list[str]:
        return _lines(self.instructions)

    @property
    def caution_list(self) -> list[str]:
        return _lines(self.cautions)

    @property
    def stop_if_list(self) -> list[str]:
        return _lines(self.stop_if)

    @property
    def dose_summary(self) -> str:
        """Return the whole default dose in a line, e.g. "Hold 30–40 s · each side · ×2"."""
        return dose.dose_words(
            self.measure,
            dose.amount(self),
            amount_max=self._amount_max,
            per_side=self.per_side,
            sets=self.sets,
            sets_max=self.sets_max,
            rest_seconds=self.rest_seconds,
            kind=self.kind,
            at_least=self.hold_at_least,
        )

    @property
    def source_document(self) -> sources.Source | None:
        """Return the source document this built-in move's facts come from, if any."""
        return sources.SOURCES_BY_KEY.get(self.source)

    @property
    def dose_range(self) -> dose.DoseRange:
        """Return the range the documents give this move (low == high where they give one number)."""
        return dose.document_range(self.measure, dose.amount(self), self._amount_max, self.sets, self.sets_max)

    @property
    def _amount_max(self) -> int | None:
        return getattr(self, f"{dose.RANGED_FIELD[self.measure]}_max")


@receiver(post_delete, sender=Exercise)
def remove_photo_files(sender, instance: Exercise, **kwargs) -> None:
    """Delete a move's photo files once its deletion is committed, however it was deleted
    (by its owner, or with their account)."""
    for field in (instance.photo, instance.photo_thumb):
        if field.name:
            transaction.on_commit(lambda name=field.name, storage=field.storage: storage.delete(name))
