from django import forms

from .models import BodyArea, Equipment, Exercise


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
