"""The first visit's forms: the red flags, the four questions, and the schedule to make."""

from django import forms

from routines.recurrence import WEEKDAY_NAMES
from routines.session_forms import CheckInForm

from .suggest import AREAS, EQUIPMENT, WORSE

PAIN_CHOICES = [("", "Skip"), *((str(n), str(n)) for n in range(11))]


def _several(label: str, choices: dict[str, str]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices.items(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list; “%(value)s” is not one of the answers."},
    )


class RedFlagForm(CheckInForm):
    """The check-in's red flags and its rules (tick each that applies, or "None of these"), without the pain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["pain"]


class QuestionsForm(forms.Form):
    areas = _several("Where do you feel it?", AREAS)
    worse = _several("What makes it worse?", WORSE)
    pain = forms.TypedChoiceField(
        label="How bad is it today?",
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a number from 0 (no pain) to 10 (the worst), or skip."},
    )
    equipment = _several("What do you have?", EQUIPMENT)


class FirstScheduleForm(forms.Form):
    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one day of the week.",
            "invalid_choice": "Choose days of the week from the list.",
        },
    )
    time_of_day = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Your calendar can remind you then; leave it empty for any time of the day.",
    )
