"""Sessions in the cache with the database behind them (``cached_db``), on the rows of
accounts.sessions: used with Redis, so a Redis restart logs nobody out."""

from django.contrib.sessions.backends import cached_db

from .sessions import OwnedSessions


class SessionStore(OwnedSessions, cached_db.SessionStore):
    pass
