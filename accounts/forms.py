import zoneinfo

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, UserCreationForm
from django.http import HttpRequest

from .models import User
from .throttle import may_send_reset_mail


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
        fields = [
            "timezone",
            "sound_on",
            "rep_cue_on",
            "voice_on",
            "lead_in_seconds",
            "keep_awake",
            "psfs_every_days",
            "alarm_minutes_before",
            "untimed_alarm_at",
        ]
        widgets = {
            "lead_in_seconds": forms.NumberInput(attrs={"min": 0, "max": 15, "inputmode": "numeric"}),
            "untimed_alarm_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


def check_own_password(request: HttpRequest, user: User, password: str) -> bool:
    """Check a signed-in person's password as logging in does: wrong guesses count toward the
    same lockout (django-axes), so a stolen session cannot be used to guess the password."""
    return authenticate(request, username=user.get_username(), password=password) is not None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not check_own_password(self.request, self.request.user, password):
            raise forms.ValidationError("That is not your password. Nothing has been deleted.")
        return password


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the old password checked as logging in checks it."""

    def __init__(self, user: User, *args, request: HttpRequest, **kwargs) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not check_own_password(self.request, self.user, old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


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


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few mails an hour to one address and from one client.

    A refused request looks exactly like a sent one, so the page reveals neither
    whether the address has an account nor whether the bound was reached.
    """

    def save(self, *args, request: HttpRequest, **kwargs) -> None:
        if may_send_reset_mail(self.cleaned_data["email"], request):
            super().save(*args, request=request, **kwargs)
