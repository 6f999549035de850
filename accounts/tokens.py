import secrets


def new_calendar_token() -> str:
    """Return a fresh unguessable token for a person's private calendar feed address."""
    return secrets.token_urlsafe(24)
