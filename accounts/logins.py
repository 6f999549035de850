"""What an account leaves behind outside its own rows: other devices' sessions and the login records."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction


def end_other_sessions(user, keep: str | None) -> None:
    """Sign the person out everywhere but `keep` (the current session, which logging out ends), once committed."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(user.browser_sessions.exclude(session_key=keep).values_list("session_key", flat=True))
    transaction.on_commit(lambda: [store().delete(key) for key in keys])


def forget_logins(username: str) -> None:
    """Delete the throttle's records of logins to this username: addresses, browsers, times and failed posts."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
