"""What an account leaves behind outside its own rows: other devices' sessions and the login records."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from .models import LoginSession

NOTED_KEY = "_limber_noted_session"


def note_login_session(request: HttpRequest, user) -> None:
    """Record the request's session key as one of the person's (LoginSession), once per key.

    Django's session rows do not say whose they are; this is how deleting the account
    finds the sessions on the person's other devices.
    """
    key = request.session.session_key
    if key and request.session.get(NOTED_KEY) != key:
        LoginSession.objects.get_or_create(user=user, session_key=key)
        request.session[NOTED_KEY] = key


@receiver(user_logged_in, dispatch_uid="limber-note-login-session")
def _note_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        note_login_session(request, user)


def end_other_sessions(user, keep: str | None) -> None:
    """Sign the person out everywhere but `keep` (the current session, which logging out ends), once committed."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = [key for key in user.login_sessions.values_list("session_key", flat=True) if key != keep]
    transaction.on_commit(lambda: [store().delete(key) for key in keys])


def forget_logins(username: str) -> None:
    """Delete the throttle's records of logins to this username: addresses, browsers, times and failed posts."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
