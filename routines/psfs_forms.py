"""Forms for the Patient-Specific Functional Scale: naming the activities, and rating them."""

from django import forms
from django.core.exceptions import ValidationError

from .models.psfs import ACTIVITY_MAX_LENGTH, MAX_ACTIVITIES

SCALE = [(str(n), str(n)) for n in range(11)]


class ActivityInputs(forms.Widget):
    """Reads every `activities` value posted (the page shows three boxes); the template draws them."""

    def value_from_datadict(self, data, files, name) -> list[str]:
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])


class ActivitiesField(forms.Field):
    widget = ActivityInputs

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip() for v in values if v is not None and str(v).strip()]

    def validate(self, value: list[str]) -> None:
        if not value:
            raise ValidationError(
                "Name at least one everyday activity your pain makes hard, such as “putting on socks”."
            )
        if len(value) > MAX_ACTIVITIES:
            raise ValidationError(f"Choose at most {MAX_ACTIVITIES} activities; you gave {len(value)}.")
        for number, name in enumerate(value, start=1):
            if "\x00" in name:
                raise ValidationError(f"Activity {number} holds a null character, which cannot be saved; retype it.")
            if len(name) > ACTIVITY_MAX_LENGTH:
                raise ValidationError(
                    f"Activity {number} is {len(name)} characters long; "
                    f"keep each to {ACTIVITY_MAX_LENGTH} characters or fewer."
                )
        if len({name.casefold() for name in value}) < len(value):
            raise ValidationError("Each activity appears once; two of these are the same.")


class ActivitiesForm(forms.Form):
    activities = ActivitiesField(label="Activities", required=False)

    def slots(self) -> list[dict]:
        """Return the three boxes to draw, filled with what was posted or with the current activities."""
        values = self.data.getlist("activities") if self.is_bound else list(self.initial.get("activities", []))
        values = (values + [""] * MAX_ACTIVITIES)[:MAX_ACTIVITIES]
        return [{"number": n, "value": v} for n, v in enumerate(values, start=1)]


class RatingForm(forms.Form):
    """One 0–10 rating for each of the person's current activities."""

    def __init__(self, *args, activities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        for activity in self.activities:
            self.fields[f"rating_{activity.pk}"] = forms.TypedChoiceField(
                label=activity.name,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Rate “{activity.name}” from 0 to 10.",
                    "invalid_choice": f"Rate “{activity.name}” with a whole number from 0 to 10.",
                },
            )

    def rating_fields(self) -> list:
        return [self[f"rating_{activity.pk}"] for activity in self.activities]

    def ratings(self) -> list[tuple]:
        """Return (activity, rating) pairs (call after is_valid)."""
        return [(activity, self.cleaned_data[f"rating_{activity.pk}"]) for activity in self.activities]
