"""The Patient-Specific Functional Scale: a person's own activities and how well they can do them.

A person names up to three everyday activities their pain makes hard and rates each from
0 (unable to do it) to 10 (able to do it as before). Changing an activity retires the old
one rather than editing it, so every past rating still says which activity it was about.
"""

from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .. import psfs
from .raw import raw_rows

if TYPE_CHECKING:
    from accounts.models import User


MAX_ACTIVITIES = 3
ACTIVITY_MAX_LENGTH = 80


class PsfsActivityQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "PsfsActivityQuerySet":
        return self.filter(user=user)

    def current(self) -> "PsfsActivityQuerySet":
        return self.filter(retired_at__isnull=True).order_by("position")


class PsfsActivity(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="psfs_activities")
    name = models.CharField(max_length=ACTIVITY_MAX_LENGTH)
    position = models.PositiveSmallIntegerField()  # 1 to 3: the order the person listed them in
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = PsfsActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "PSFS activity"
        verbose_name_plural = "PSFS activities"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="psfs_position_1_to_3", condition=Q(position__gte=1, position__lte=MAX_ACTIVITIES)
            ),
            # At most three current activities, one per position, whatever a request does.
            models.UniqueConstraint(
                fields=["user", "position"], condition=Q(retired_at__isnull=True), name="one_current_psfs_per_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PsfsEntryQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "PsfsEntryQuerySet":
        return self.filter(user=user)

    def with_ratings(self) -> "PsfsEntryQuerySet":
        return self.prefetch_related(
            models.Prefetch("ratings", queryset=PsfsRating.objects.select_related("activity").order_by("position"))
        )


class PsfsEntry(models.Model):
    """One time the person rated their activities; its score is the mean of its ratings."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="psfs_entries")
    local_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PsfsEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "PSFS rating"
        verbose_name_plural = "PSFS ratings"
        ordering = ["local_date", "created_at", "pk"]
        indexes = [models.Index(fields=["user", "local_date"])]

    def __str__(self) -> str:
        return f"PSFS on {self.local_date}"

    def get_absolute_url(self) -> str:
        return reverse("psfs:edit", args=[self.pk])

    @property
    def score(self) -> float | None:
        """Return the mean of this entry's ratings (None without ratings); uses prefetched ratings."""
        ratings = [r.rating for r in self.ratings.all()]
        return sum(ratings) / len(ratings) if ratings else None


class PsfsRating(models.Model):
    entry = models.ForeignKey(PsfsEntry, on_delete=models.CASCADE, related_name="ratings")
    # An activity that has been rated is retired, never deleted, while its ratings exist;
    # RESTRICT (unlike PROTECT) still lets the account go with all of it in one cascade.
    activity = models.ForeignKey(PsfsActivity, on_delete=models.RESTRICT, related_name="ratings")
    position = models.PositiveSmallIntegerField()
    rating = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(name="psfs_rating_0_10", condition=Q(rating__lte=10)),
            models.UniqueConstraint(fields=["entry", "activity"], name="one_psfs_rating_per_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity.name}: {self.rating}"


def set_activities(user: "User", names: list[str]) -> list[PsfsActivity]:
    """Make `names` (at most three, in order) the person's current activities and return them.

    An activity whose name is kept (in any place) stays the same activity, so its ratings
    still compare; one dropped or renamed is retired, keeping the ratings made of it.
    """
    with transaction.atomic():
        # One change at a time per person: a double submit cannot make six activities.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        current = {a.name.casefold(): a for a in PsfsActivity.objects.for_user(user).current()}
        # Retire them all first (freeing every place), then bring back the kept ones in their new place.
        PsfsActivity.objects.filter(pk__in=[a.pk for a in current.values()]).update(retired_at=timezone.now())
        result = []
        for position, name in enumerate(names, start=1):
            kept = current.get(name.casefold())
            if kept is not None:
                kept.name, kept.position, kept.retired_at = name, position, None
                kept.save(update_fields=["name", "position", "retired_at"])
                result.append(kept)
            else:
                result.append(PsfsActivity.objects.create(user=user, name=name, position=position))
        return result


def record_ratings(user: "User", day: date, ratings: list[tuple[PsfsActivity, int]], entry: PsfsEntry | None = None):
    """Save one rating per activity as a new entry on `day`, or in place of `entry`'s; return the entry."""
    with transaction.atomic():
        if entry is None:
            entry = PsfsEntry.objects.create(user=user, local_date=day)
        else:
            entry.ratings.all().delete()
        PsfsRating.objects.bulk_create(
            PsfsRating(entry=entry, activity=activity, position=position, rating=rating)
            for position, (activity, rating) in enumerate(ratings, start=1)
        )
    return entry


def summary_for(user: "User", first: date | None = None, last: date | None = None) -> psfs.Summary:
    """Return the person's PSFS history (from first to last, when given) and what it says (one query).

    Read as plain values: the history page asks for every entry ever, and objects for years of
    ratings cost more than the rest of the page. An entry with no ratings has nothing to say.
    """
    ratings = PsfsRating.objects.filter(entry__user=user)
    if first is not None:
        ratings = ratings.filter(entry__local_date__gte=first)
    if last is not None:
        ratings = ratings.filter(entry__local_date__lte=last)
    rows = raw_rows(
        ratings.order_by("entry__local_date", "entry__created_at", "entry_id", "position").values_list(
            "entry_id", "entry__local_date", "activity_id", "activity__name", "rating"
        ),
        day=1,
    )
    entries = [
        psfs.Scored(entry_id, day, tuple(psfs.Rating(*row[2:]) for row in group))
        for (entry_id, day), group in groupby(rows, key=itemgetter(0, 1))
    ]
    return psfs.summary(entries, user.psfs_every_days)
