"""Forms for the report link a person shares with their physiotherapist."""

from django import forms

from .models.share import EXPIRY_DAYS

EXPIRY_LABELS = {30: "30 days", 90: "90 days", 0: "Never (until you turn it off)"}


class ShareOptionsForm(forms.Form):
    # The share page shows this form and NewShareForm together: their fields' ids must differ.
    id_prefix = "options"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    include_notes = forms.BooleanField(
        label="Include my notes", required=False, help_text="The notes you flagged for the report when logging."
    )
    show_name = forms.BooleanField(label="Show my name", required=False, help_text="Otherwise the report has no name.")


class NewShareForm(ShareOptionsForm):
    id_prefix = "new"
    expires = forms.TypedChoiceField(
        label="The link stops working after",
        choices=[(str(days), EXPIRY_LABELS[days]) for days in EXPIRY_DAYS],
        coerce=int,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long the link works: 30 days, 90 days or until you turn it off.",
            "invalid_choice": "Choose how long the link works: 30 days, 90 days or until you turn it off.",
        },
    )

    field_order = ["expires", "include_notes", "show_name"]
