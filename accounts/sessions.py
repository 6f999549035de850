"""Sessions whose rows say whose they are, and a signed-in request that costs one query.

Django's session rows hold only encoded data, so finding the person costs a second
query after the session's, and deleting an account cannot find its other devices'
sessions. Here each row also names its user (``BrowserSession.user``, written on every
save), so the session is read together with its user in one joined query, and an
account's sessions are one filter away.

``SESSION_ENGINE`` names this module (database sessions) or ``accounts.cached_sessions``
(with Redis): both keep the same rows.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

# The only backend whose get_user() is a plain "the active user with this id": the one
# the fast path below stands in for. Sessions made by any other go Django's own way.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class OwnedSessions:
    """What both session engines add to Django's database store: the user's id on every
    row saved, and the user read with the row (``joined_user``; None when not read)."""

    joined_user = None

    @classmethod
    def get_model_class(cls):
        from .models import BrowserSession

        return BrowserSession

    def _validate_session_key(self, key) -> bool:
        # Keys are made of lowercase letters and digits; a cookie can carry anything else, even
        # a NUL (as an escape in a quoted value), which PostgreSQL refuses: such a key is no key.
        return bool(super()._validate_session_key(key)) and key.isascii() and key.isalnum()

    def create_model_instance(self, data: dict):
        session = super().create_model_instance(data)
        session.user_id = data.get(SESSION_KEY)
        return session

    def _get_session_from_db(self):
        session = read_session(self.get_model_class(), self.session_key)
        if session is None:
            self._session_key = None  # as Django's store does: a new key on the next save
        self.joined_user = session.user if session is not None else None
        return session


def read_session(model, session_key: str):
    """The live session row with this key and its user (None if none), in one hand-written query.

    This runs on every signed-in request, and the ORM's building of the query and the objects
    costs ten times the query itself here; the values still go through the database's own
    converters, as the ORM's would.
    """
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    user_model = model._meta.get_field("user").related_model
    fields = [model._meta.get_field("session_data"), model._meta.get_field("expire_date")]
    sql = (
        f"SELECT {', '.join(f's.{quote(f.column)}' for f in fields)}, {_user_columns(connection, user_model)} "
        f"FROM {quote(model._meta.db_table)} s LEFT JOIN {quote(user_model._meta.db_table)} u "
        f"ON u.{quote(user_model._meta.pk.column)} = s.{quote(model._meta.get_field('user').column)} "
        f"WHERE s.{quote(model._meta.pk.column)} = %s AND s.{quote(fields[1].column)} > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
        row = cursor.fetchone()
    if row is None:
        return None
    data, expire_date = (
        from_db(connection, field, value) for field, value in zip(fields, row[: len(fields)], strict=True)
    )
    session = model(session_key=session_key, session_data=data, expire_date=expire_date)
    user = _user_from_row(connection, user_model, row[len(fields) :])
    if user is not None:  # None: no user, or one deleted since
        session.user = user
    return session


def read_user(user_model, pk: str):
    """The user with this primary key (None if none), by the same hand-written query: for a session
    that came from the cache, so the person still costs one cheap lookup."""
    connection = connections[router.db_for_read(user_model)]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {_user_columns(connection, user_model)} FROM {quote(user_model._meta.db_table)} u "
        f"WHERE u.{quote(user_model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_model._meta.pk.to_python(pk)])
        row = cursor.fetchone()
    return _user_from_row(connection, user_model, row) if row else None


def _user_columns(connection, user_model) -> str:
    return ", ".join(f"u.{connection.ops.quote_name(f.column)}" for f in user_model._meta.concrete_fields)


def _user_from_row(connection, user_model, values):
    fields = user_model._meta.concrete_fields
    if values[0] is None:
        return None
    values = [from_db(connection, field, value) for field, value in zip(fields, values, strict=True)]
    return user_model.from_db(connection.alias, [f.attname for f in fields], values)


def from_db(connection, field, value):
    """A column's value as the ORM would give it (SQLite's datetimes made aware, its booleans bools)."""
    expression = field.get_col(field.model._meta.db_table)
    for convert in connection.ops.get_db_converters(expression) + field.get_db_converters(connection):
        value = convert(value, expression, connection)
    return value


class SessionStore(OwnedSessions, db.SessionStore):
    pass


def get_user(request: HttpRequest):
    """The signed-in person, from the user read with the session (or by hand, for a session from
    the cache) when it verifies exactly as Django's own check would (same id, the model backend,
    active, the current password's hash); anything else (an old hash, no user) is left to
    Django's auth.get_user."""
    session = request.session
    user_id = session.get(SESSION_KEY)  # loads the session, and with it joined_user
    user = getattr(session, "joined_user", None)
    fast = session.get(BACKEND_SESSION_KEY) == MODEL_BACKEND
    if user is None and user_id is not None and fast:  # a session from the cache
        user = read_user(get_user_model(), user_id)
    if (
        user is not None
        and str(user.pk) == user_id
        and fast
        and MODEL_BACKEND in settings.AUTHENTICATION_BACKENDS
        and user.is_active
        and constant_time_compare(session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash())
    ):
        return user
    return auth.get_user(request)


class JoinedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the person taken from the session's own query."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)

        def cached_user():
            if not hasattr(request, "_cached_user"):
                request._cached_user = get_user(request)
            return request._cached_user

        request.user = SimpleLazyObject(cached_user)
