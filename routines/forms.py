from django import forms

from .models import DOSE_BOUNDS, BodyArea, Equipment, Exercise, hold_bounds
from .photos import PhotoError, process_photo


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
        self.fields["sets"].min_value = DOSE_BOUNDS["sets"][0]
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
        measure = cleaned.get("measure")
        needed = {"hold": ["hold_seconds"], "reps": ["reps", "tempo_seconds"], "breaths": ["breaths"]}
        for field in needed.get(measure, []):
            low, high = hold_bounds(cleaned.get("kind", "")) if field == "hold_seconds" else DOSE_BOUNDS[field]
            value = cleaned.get(field)
            if value is None:
                self.add_error(field, "Fill this in for this kind of dose.")
            elif not low <= value <= high:
                self.add_error(field, f"Choose between {low} and {high}.")
        for field in ("sets", "rest_seconds"):
            low, high = DOSE_BOUNDS[field]
            value = cleaned.get(field)
            if value is not None and not low <= value <= high:
                self.add_error(field, f"Choose between {low} and {high}.")
        # Amounts that do not belong to the chosen measure are dropped, not kept half-visible.
        for other_measure, fields in needed.items():
            if other_measure != measure:
                for field in fields:
                    cleaned[field] = None
        return cleaned
