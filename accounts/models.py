import zoneinfo
from datetime import time

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from .tokens import new_calendar_token


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone we know. Pick one from the list.")


class User(AbstractUser):
    """A person using Limber, with their time zone and player preferences."""

    class AlarmBefore(models.IntegerChoices):
        AT_START = 0, "When the session starts"
        FIVE = 5, "5 minutes before"
        TEN = 10, "10 minutes before"
        FIFTEEN = 15, "15 minutes before"
        THIRTY = 30, "30 minutes before"
        HOUR = 60, "1 hour before"

    class PsfsEvery(models.IntegerChoices):
        WEEK = 7, "Every week"
        TWO_WEEKS = 14, "Every two weeks"
        FOUR_WEEKS = 28, "Every four weeks"
        OFF = 0, "Don't ask"

    email = models.EmailField("email address")
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    sound_on = models.BooleanField("beeps", default=True, help_text="A short beep in the last seconds of each step.")
    voice_on = models.BooleanField(
        "spoken cues", default=True, help_text="The player says the move, “switch sides”, “rest” and what is next."
    )
    rep_cue_on = models.BooleanField(
        "a tick on each rep",
        default=True,
        help_text="A soft tick paces each rep of a move counted in reps (with beeps on).",
    )
    lead_in_seconds = models.PositiveSmallIntegerField(
        "lead-in seconds",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(15)],
        help_text="Time to get ready before the first move (0–15 seconds).",
    )
    keep_awake = models.BooleanField(
        "keep the screen awake", default=True, help_text="Stops the phone from sleeping while a routine plays."
    )
    psfs_every_days = models.PositiveSmallIntegerField(
        "ask how my activities are going",
        choices=PsfsEvery.choices,
        default=PsfsEvery.TWO_WEEKS,
        help_text="Today asks you to rate your activities again this often.",
    )
    # "Not now" on Today's rating prompt hides it until this day.
    psfs_not_before = models.DateField(null=True, blank=True, editable=False)
    alarm_minutes_before = models.PositiveSmallIntegerField(
        "calendar reminder",
        choices=AlarmBefore.choices,
        default=AlarmBefore.TEN,
        help_text="When your calendar app reminds you of a session that has a time of day.",
    )
    untimed_alarm_at = models.TimeField(
        "reminder for a schedule without a time",
        default=time(8, 0),
        help_text="Your calendar app reminds you at this time on the day (24-hour clock, e.g. 08:00).",
    )
    # The secret in the private calendar feed's address; a new one retires the old address.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    # Goes up after every change the person makes (see accounts.middleware); part of the
    # key of their cached page fragments (core.fragments), so a change is seen at once.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    def move_data_version(self) -> None:
        """Mark this person's data as changed, in the caller's transaction (see accounts.middleware)."""
        type(self).objects.filter(pk=self.pk).update(data_version=models.F("data_version") + 1)
        self.data_version_moved = True

    def regenerate_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(lead_in_seconds__lte=15), name="lead_in_at_most_15"),
            models.CheckConstraint(
                condition=models.Q(psfs_every_days__in=[0, 7, 14, 28]), name="psfs_every_known_days"
            ),
            models.CheckConstraint(
                condition=models.Q(alarm_minutes_before__in=[0, 5, 10, 15, 30, 60]), name="alarm_before_known_minutes"
            ),
            # One account per address, whatever its case: two sign-ups racing cannot both pass.
            models.UniqueConstraint(
                Lower("email"),
                name="one_account_per_email",
                condition=~models.Q(email=""),
                violation_error_message="An account with this email address already exists. Try logging in.",
            ),
        ]


class BrowserSession(AbstractBaseSession):
    """A browser's session (accounts.sessions), saying whose it is once someone signs in there.

    Deleting the account ends its sessions on every device with it. The link is not a
    database constraint: a session saved by a request still running while its account is
    deleted must not fail (it then names nobody who exists, and signs nobody in).
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False, related_name="browser_sessions"
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
