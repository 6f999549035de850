from django import forms
from django.core.cache import cache

from core.forms import ModelChoiceField, ModelMultipleChoiceField, Select
from core.fragments import FRAGMENT_SECONDS

from . import dose
from .dates import WindowDateField
from .models import BodyArea, Equipment, Exercise, Routine, RoutineItem, Schedule
from .models.exercise import MAX_SEARCH_WORDS
from .photos import PhotoError, process_photo
from .recurrence import WEEKDAY_NAMES, weekdays_to_mask


def _filter_choices() -> tuple[list, list]:
    """The body areas and the equipment as the library's filters offer them. They change only
    with the library, so they are cached as the library's pages are (an anonymous search asks
    for them every time)."""
    return list(BodyArea.objects.values_list("slug", "name")), list(Equipment.objects.values_list("slug", "name"))


class LibraryFilterForm(forms.Form):
    """The library's search box and filters; every field is optional and kept in the URL."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Exercise.Kind.choices], widget=Select
    )
    area = forms.ChoiceField(label="Body area", required=False, widget=Select)
    position = forms.ChoiceField(
        label="Position", required=False, choices=[("", "Any position"), *Exercise.Position.choices], widget=Select
    )
    equipment = forms.ChoiceField(label="Equipment", required=False, widget=Select)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas, equipment = cache.get_or_set("library:filter-choices", _filter_choices, FRAGMENT_SECONDS)
        self.fields["area"].choices = [("", "Any area"), *areas]
        self.fields["equipment"].choices = [("", "Any equipment"), ("none", "None needed"), *equipment]

    def words_left_out(self) -> bool:
        """Whether the search had more distinct words than it uses (call after is_valid)."""
        q = self.cleaned_data.get("q", "")
        return len({word.casefold() for word in q.split()}) > MAX_SEARCH_WORDS


class ScheduleForm(forms.ModelForm):
    """Which of the person's routines, on which days, from when, until when, at what time."""

    routine = ModelChoiceField(
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
    start_date = WindowDateField(label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = WindowDateField(
        label="Until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty to keep going.",
    )
    time_of_day = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=(
            "Your calendar app reminds you before it; without a time it is an all-day event,"
            " with a reminder in the morning (see Settings)."
        ),
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


class RoutineForm(forms.ModelForm):
    """A routine's name and notes: the part of the builder that is not its moves."""

    class Meta:
        model = Routine
        fields = ["name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": "Optional: anything to remember, e.g. “after my walk”."}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the routine a name.")
        return name


def _bounded(label: str, low: int, high: int, unit: str = "", what: str = "") -> forms.IntegerField:
    """An integer field whose bounds show as help text and whose error names them."""
    message = f"{what or label} must be between {low} and {high}{unit}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=f"{low}–{high}{unit}.",
        error_messages={
            "min_value": message,
            "max_value": message,
            "required": f"Enter the {(what or label).lower()}.",
        },
    )


class ItemDoseForm(forms.ModelForm):
    """One move's dose in a routine. Only the amount that fits the move's measure is shown."""

    class Meta:
        model = RoutineItem
        fields = ["hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        exercise = self.instance.exercise
        kind = exercise.kind
        fields = {
            "hold_seconds": _bounded("Hold", *dose.bounds("hold_seconds", kind), " s", what="Hold"),
            "reps": _bounded("Reps", *dose.bounds("reps")),
            "tempo_seconds": _bounded("Rep length", *dose.bounds("tempo_seconds"), " s", what="Seconds per rep"),
            "breaths": _bounded("Breaths", *dose.bounds("breaths")),
            "sets": _bounded("Sets", *dose.bounds("sets")),
            "rest_seconds": _bounded("Rest", *dose.bounds("rest_seconds"), " s", what="Rest between sets"),
        }
        for name in dose.AMOUNT_FIELDS:
            if name not in dose.MEASURE_FIELDS[exercise.measure]:
                del self.fields[name]
        for name, field in fields.items():
            if name in self.fields:
                field.widget.attrs.update({"inputmode": "numeric"})
                self.fields[name] = field
        if "tempo_seconds" in self.fields:
            self.fields["tempo_seconds"].help_text = "{}–{} s per rep.".format(*dose.bounds("tempo_seconds"))
        self.fields["rest_seconds"].help_text = "{}–{} s between sets.".format(*dose.bounds("rest_seconds"))
        self.fields["per_side"].label = "Each side"
        self.fields["per_side"].help_text = "Left, then right, with a switch between."
        if exercise.measure == "breaths":
            self.fields["breaths"].help_text += f" One breath counts as {dose.SECONDS_PER_BREATH} s."


class CustomMoveForm(forms.ModelForm):
    """A person's own move: what it is, how to do it, its default dose, and an optional photo."""

    photo = forms.FileField(
        label="Photo (optional)",
        required=False,
        help_text="A JPEG, PNG or WebP of at most 10 MB. Location and camera details are removed.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)

    class Meta:
        model = Exercise
        fields = [
            "name",
            "summary",
            "kind",
            "areas",
            "position",
            "equipment",
            "instructions",
            "measure",
            "hold_seconds",
            "reps",
            "tempo_seconds",
            "breaths",
            "sets",
            "rest_seconds",
            "per_side",
            "cautions",
        ]
        field_classes = {"areas": ModelMultipleChoiceField, "equipment": ModelMultipleChoiceField}
        labels = {
            "summary": "One-line summary (optional)",
            "areas": "Body areas",
            "measure": "Dose is measured in",
            "hold_seconds": "Hold (seconds)",
            "reps": "Repetitions",
            "tempo_seconds": "Seconds per repetition",
            "breaths": "Breaths",
            "rest_seconds": "Rest between sets (seconds)",
            "per_side": "Do it on each side",
            "cautions": "Cautions (optional)",
        }
        help_texts = {
            "instructions": "One step per line.",
            "cautions": "One per line, e.g. what your physiotherapist told you to watch for.",
            "hold_seconds": "For a hold.",
            "reps": "For repetitions.",
            "tempo_seconds": "For repetitions: how long one takes, so the player can pace you.",
            "breaths": "For a move counted in breaths.",
        }
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "equipment": forms.CheckboxSelectMultiple,
            "instructions": forms.Textarea(attrs={"rows": 5}),
            "cautions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cautions"].required = False
        self.fields["sets"].min_value = dose.bounds("sets")[0]
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]
        self.clean_photo_data = None

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            try:
                self.clean_photo_data = process_photo(upload)
            except PhotoError as error:
                raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("measure", "")
        for field, message in dose.problems(measure, cleaned.get("kind", ""), cleaned).items():
            self.add_error(field, message)
        # Amounts that do not belong to the chosen measure are dropped, not kept half-visible.
        cleaned.update(dose.only_measure(measure, cleaned))
        return cleaned


class ReportPeriodForm(forms.Form):
    """The dates a clinician report covers; both days included, at most two years, not in the future."""

    MAX_DAYS = 731

    start = WindowDateField(label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = WindowDateField(label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end > self.today:
                self.add_error("end", "The report can only cover days up to today.")
            if start > end:
                self.add_error("start", "The first day must be on or before the last day.")
            elif (end - start).days + 1 > self.MAX_DAYS:
                self.add_error("start", "A report covers at most two years; pick a later first day.")
        return cleaned
