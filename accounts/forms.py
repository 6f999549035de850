import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from .models import User


def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(tz for tz in zoneinfo.available_timezones() if "/" in tz or tz == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Used only to reset your password.")
    # Filled in by static/js/timezone.js from the browser; UTC when it can't be.
    timezone = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    class Meta:
        model = User
        fields = ["username", "email", "timezone"]

    def clean_timezone(self) -> str:
        value = self.cleaned_data["timezone"]
        return value if value in zoneinfo.available_timezones() else "UTC"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists. Try logging in.")
        return email


class SettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone", choices=timezone_choices, help_text="“Today” and your calendar follow this zone."
    )

    class Meta:
        model = User
        fields = ["timezone", "sound_on", "voice_on", "lead_in_seconds", "keep_awake"]
        widgets = {"lead_in_seconds": forms.NumberInput(attrs={"min": 0, "max": 15, "inputmode": "numeric"})}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing has been deleted.")
        return password


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's before it is tried.

    Django's form does not check the length itself, and a failed attempt with an
    over-long name would be recorded by the throttle in a column too short for it.
    """

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if len(username) > User._meta.get_field("username").max_length:
            raise self.get_invalid_login_error()
        return username
