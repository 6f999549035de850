from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q

from ..recurrence import EVERY_DAY, Break, describe_weekdays, due_dates, mask_to_weekdays
from .routine import Routine, RoutineItem

if TYPE_CHECKING:
    from accounts.models import User


class ScheduleQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "ScheduleQuerySet":
        return self.filter(user=user)

    def active(self) -> "ScheduleQuerySet":
        """The schedules not paused now."""
        return self.filter(paused_on__isnull=True)

    def with_routine(self) -> "ScheduleQuerySet":
        """Fetch each routine and its moves alongside, so durations cost no query per schedule."""
        return self.select_related("routine").prefetch_related(
            Prefetch("routine__items", queryset=RoutineItem.objects.with_exercise())
        )


class Schedule(models.Model):
    """A routine on some weekdays, from a start date, until an optional end date, at an optional time.

    Pausing never rewrites the past. `paused_on` is the first day that is not
    due (the person's today when they paused): days before it keep counting as
    planned (done or missed as they were), and no day from it on is due while
    the schedule stays paused. Resuming on a day closes that pause: the span
    [paused_on, resumed day) moves into `breaks` and stays skipped for good,
    and the resumed day itself is due again. Pausing and resuming on one day
    therefore skips nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedules")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="schedules")
    # Bit 0 is Monday … bit 6 Sunday; 127 is every day.
    weekdays = models.PositiveSmallIntegerField(default=EVERY_DAY)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    time_of_day = models.TimeField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    # Closed pauses as [first skipped day, resumed day) ISO date pairs.
    breaks = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["time_of_day", "routine__name", "pk"]
        constraints = [
            models.CheckConstraint(name="schedule_weekdays_1_to_127", condition=Q(weekdays__gte=1, weekdays__lte=127)),
            models.CheckConstraint(
                name="schedule_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine.name}: {self.days_label}"

    @property
    def paused(self) -> bool:
        return self.paused_on is not None

    @property
    def days_label(self) -> str:
        return describe_weekdays(self.weekdays)

    @property
    def weekday_list(self) -> list[int]:
        return mask_to_weekdays(self.weekdays)

    def all_breaks(self) -> list[Break]:
        """Return every pause as (first skipped day, resumed day or None while still paused)."""
        closed = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in self.breaks]
        if self.paused_on is not None:
            closed.append((self.paused_on, None))
        return closed

    def due_dates(self, first: date, last: date) -> list[date]:
        """Return the days from `first` to `last` on which this schedule is due."""
        return due_dates(self.weekdays, self.start_date, self.end_date, first, last, self.all_breaks())

    def runs_between(self, first: date, last: date) -> bool:
        """Return whether the schedule covers some day from `first` to `last` (paused or not)."""
        return self.start_date <= last and (self.end_date is None or self.end_date >= first)

    def is_due(self, day: date) -> bool:
        return bool(self.due_dates(day, day))

    def has_ended(self, today: date) -> bool:
        return self.end_date is not None and self.end_date < today

    def pause(self, today: date) -> None:
        if self.paused_on is None:
            self.paused_on = today
            self.save(update_fields=["paused_on"])

    def resume(self, today: date) -> None:
        if self.paused_on is None:
            return
        if self.paused_on < today:
            self.breaks = [*self.breaks, [self.paused_on.isoformat(), today.isoformat()]]
        self.paused_on = None
        self.save(update_fields=["paused_on", "breaks"])
