from django import forms

from .models import BodyArea, Equipment, Exercise, Routine, Schedule
from .recurrence import WEEKDAY_NAMES, weekdays_to_mask


class LibraryFilterForm(forms.Form):
    """The library's search box and filters; every field is optional and kept in the URL."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Exercise.Kind.choices])
    area = forms.ChoiceField(label="Body area", required=False)
    position = forms.ChoiceField(
        label="Position", required=False, choices=[("", "Any position"), *Exercise.Position.choices]
    )
    equipment = forms.ChoiceField(label="Equipment", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area"), *BodyArea.objects.values_list("slug", "name")]
        self.fields["equipment"].choices = [
            ("", "Any equipment"),
            ("none", "None needed"),
            *Equipment.objects.values_list("slug", "name"),
        ]


class ScheduleForm(forms.ModelForm):
    """Which of the person's routines, on which days, from when, until when, at what time."""

    routine = forms.ModelChoiceField(
        queryset=Routine.objects.none(),
        label="Routine",
        empty_label="Choose a routine",
        error_messages={
            "required": "Choose a routine.",
            "invalid_choice": "Choose one of your own routines; that one is not in your list.",
        },
    )
    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all seven for every day.",
        error_messages={"required": "Choose at least one day of the week."},
    )
    start_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = forms.DateField(
        label="Until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty to keep going.",
    )
    time_of_day = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Your calendar reminds you then; without a time it is an all-day event.",
    )

    class Meta:
        model = Schedule
        fields = ["routine", "days", "start_date", "end_date", "time_of_day"]

    def __init__(self, *args, user, today, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["routine"].queryset = Routine.objects.for_user(user)
        if self.instance.pk:
            self.initial["days"] = [str(d) for d in self.instance.weekday_list]
        else:
            self.initial.setdefault("days", [str(today.weekday())])
            self.initial.setdefault("start_date", today)
        # Distinct ids per form, so an edit form and the new form can share a page.
        self.auto_id = f"id_s{self.instance.pk}_%s" if self.instance.pk else "id_%s"

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data

    def save(self, commit: bool = True) -> Schedule:
        self.instance.weekdays = weekdays_to_mask(self.cleaned_data["days"])
        return super().save(commit)
