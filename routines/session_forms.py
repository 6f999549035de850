"""Forms for the check-in before a routine and for logging a session by hand."""

import uuid
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from core.forms import ModelChoiceField, ModelMultipleChoiceField

from .dates import WindowDateField, local_date, zone_of
from .dose import about_minutes
from .models import Exercise, Routine, Session
from .safety import RED_FLAGS, RedFlag, by_tier

SCALE = [(n, str(n)) for n in range(11)]


class CheckInForm(forms.Form):
    """Pain now and the red flags, asked before every routine.

    A person ticks each red flag they have, or "None of these": one of the two, never both, so a
    page sent without looking at the list is refused rather than read as a clear check-in.
    """

    pain = forms.TypedChoiceField(
        label="How much pain do you have right now?", choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    flags = forms.MultipleChoiceField(
        label="Do you have any of these with your pain today?",
        choices=[(flag.key, flag.question) for flag in RED_FLAGS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Tick only the signs listed."},
    )
    no_flags = forms.BooleanField(label="None of these", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pain"].error_messages["required"] = "Choose a number from 0 (no pain) to 10 (the worst)."

    def clean(self):
        data = super().clean()
        if "flags" in data and not data["flags"] and not data.get("no_flags"):
            self.add_error("flags", "Tick each sign you have, or “None of these”.")
        return data

    def flag_groups(self) -> list[tuple]:
        """Return ``(tier, [checkbox, ...])`` pairs, most urgent first, for the template to lay out."""
        boxes = {box.data["value"]: box for box in self["flags"]}
        return [(tier, [boxes[flag.key] for flag in flags]) for tier, flags in by_tier()]

    def red_flags(self) -> list[RedFlag]:
        """Return the red flags ticked, in the list's order (call after is_valid).

        A sign ticked counts whatever else the page says: with no pain score, or with "None of
        these" ticked too, the person still gets the advice rather than an error to fix first.
        """
        ticked = set(self.cleaned_data.get("flags") or ())
        return [flag for flag in RED_FLAGS if flag.key in ticked]


def _score(label: str, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=[("", "—"), *SCALE], coerce=int, empty_value=None, required=required
    )


class ManualSessionForm(forms.Form):
    """A session done away from the app: a routine or a free choice of moves."""

    routine = ModelChoiceField(
        queryset=Routine.objects.none(), required=False, empty_label="No routine: I pick the moves"
    )
    exercises = ModelMultipleChoiceField(
        label="Moves",
        queryset=Exercise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Only when you did not follow a routine.",
    )
    date = WindowDateField(widget=forms.DateInput(attrs={"type": "date"}), past_only=True)
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=240)
    pain_before = _score("Pain before (0–10)")
    pain_after = _score("Pain after (0–10)")
    effort = _score("Effort (0–10)")
    morning_pain = _score("Pain the next morning (0–10)")
    morning_pain.help_text = "Leave it empty if that morning has not come yet: Today will ask you then."
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000)
    notes_flagged = forms.BooleanField(label="Flag these notes for my clinician", required=False)
    # A result the player could not save, kept by hand, keeps its id: saving it twice saves it once.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    # What the outbox sends to fill the form in from a result the server refused.
    PREFILL = ("routine", "date", "time", "duration_minutes", "pain_before", "pain_after", "effort", "notes")

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if editing:
            # What was done stays as recorded; the when, how long and how it felt may be corrected.
            del self.fields["routine"], self.fields["exercises"], self.fields["client_id"]
        else:
            self.fields["routine"].queryset = Routine.objects.for_user(user)
            self.fields["exercises"].queryset = Exercise.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if "routine" in self.fields and not data.get("routine") and not data.get("exercises"):
            self.add_error("exercises", "Choose a routine or at least one move.")
        if data.get("date") and data.get("time"):
            started = timezone.make_aware(datetime.combine(data["date"], data["time"]), zone_of(self.user))
            if started > timezone.now() + timedelta(minutes=5):
                self.add_error("date", "That is in the future; log a session once you have done it.")
            data["started_at"] = started
        return data

    def record(self) -> tuple[Session, bool]:
        """Keep the new session with its moves, once per client id; return (session, created).

        A refused player result kept by hand brings its client id: if the player's save got through
        after all, or the form is sent twice, the session kept first is the answer.
        """
        data = self.cleaned_data
        kept = data["client_id"] and Session.objects.for_user(self.user).filter(client_id=data["client_id"]).first()
        if kept:
            return kept, False
        routine: Routine | None = data.get("routine")
        if routine:
            name = routine.name
            done = [(item.exercise, item.sets, item.per_side) for item in routine.items.with_exercise()]
        else:
            chosen = list(data["exercises"])
            name = ", ".join(exercise.name for exercise in chosen)[:100]
            done = [(exercise, exercise.sets, exercise.per_side) for exercise in chosen]
        moves = [
            {
                "exercise": exercise,
                "name": exercise.name,
                "measure": exercise.measure,
                "per_side": per_side,
                "sets_planned": sets,
                "sets_done": sets,
            }
            for exercise, sets, per_side in done
        ]
        return Session.objects.record(
            self.user,
            moves,
            source=Session.Source.MANUAL,
            routine=routine,
            routine_name=name,
            client_id=data["client_id"] or uuid.uuid4(),
            **self._when_and_how(),
        )

    def apply(self, session: Session) -> None:
        """Copy the corrected when and how onto a session kept before."""
        for name, value in self._when_and_how(session).items():
            setattr(session, name, value)
        session.local_date = local_date(self.user, session.started_at)

    def _when_and_how(self, session: Session | None = None) -> dict:
        data = self.cleaned_data
        seconds = data["duration_minutes"] * 60
        fields = {
            "started_at": data["started_at"],
            "duration_seconds": seconds,
            "ended_at": data["started_at"] + timedelta(seconds=seconds),
            **{name: data[name] for name in ("pain_before", "pain_after", "effort", "notes")},
            "notes_flagged": data["notes_flagged"] and bool(data["notes"]),
        }
        if data["morning_pain"] is not None or (session and session.morning_pain is not None):
            # Given here, it is not asked again on Today.
            fields["morning_pain"] = data["morning_pain"]
            fields["morning_checked_at"] = (session and session.morning_checked_at) or timezone.now()
        return fields

    @classmethod
    def prefill(cls, data) -> dict:
        """Return initial values from a refused player result the outbox posts (text only, each bounded)."""
        initial = {name: data[name][:4000] for name in cls.PREFILL if data.get(name)}
        initial["notes_flagged"] = data.get("notes_flagged") == "on"
        if data.get("client_id"):
            initial["client_id"] = data["client_id"][:36]
        return initial

    @classmethod
    def initial_for(cls, session: Session, user) -> dict:
        local = timezone.localtime(session.started_at, zone_of(user))
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": about_minutes(session.duration_seconds),
            "pain_before": session.pain_before,
            "pain_after": session.pain_after,
            "effort": session.effort,
            "morning_pain": session.morning_pain,
            "notes": session.notes,
            "notes_flagged": session.notes_flagged,
        }
