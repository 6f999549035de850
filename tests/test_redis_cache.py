"""The shared cache: with REDIS_URL, sessions survive Redis going away and pages still answer."""

import json
import socket

import pytest

from config import redis_cache
from config.redis_cache import ResilientRedisCache

from .servers import run_django


@pytest.fixture
def unreachable() -> ResilientRedisCache:
    """A cache pointed at a loopback port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_with_redis_url_sessions_are_kept_in_the_database_too():
    code = (
        "from django.conf import settings; import json;"
        "print(json.dumps([settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND']]))"
    )
    result = run_django(code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    engine, backend = json.loads(result.stdout)
    assert engine == "accounts.cached_sessions"
    assert backend == "config.redis_cache.ResilientRedisCache"


def test_without_redis_url_each_process_keeps_its_own_cache_and_sessions_are_in_the_database():
    code = (
        "from django.conf import settings; import json;"
        "print(json.dumps([settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND']]))"
    )
    result = run_django(code, DEBUG="1", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "accounts.sessions",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_an_unreachable_redis_is_a_miss_not_an_error(unreachable):
    assert unreachable.get("page", "fallback") == "fallback"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.add("a", 1) is False
    assert unreachable.has_key("a") is False
    assert unreachable.set_many({"a": 1, "b": 2}) == ["a", "b"]
    unreachable.set("page", "<p>")
    unreachable.delete("page")
    unreachable.delete_many(["a"])
    with pytest.raises(ValueError):
        unreachable.incr("counter")


def test_after_a_failure_redis_is_left_alone_for_a_while_then_tried_again(unreachable, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: now[0])
    calls = []
    real_get = redis_cache.RedisCache.get

    def counting_get(self, *args, **kwargs):
        calls.append(args)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache, "get", redis_cache._miss(redis_cache._default)(counting_get))

    assert unreachable.get("a") is None
    assert unreachable.get("a") is None  # within RETRY_SECONDS: not tried again
    assert len(calls) == 1
    now[0] += redis_cache.RETRY_SECONDS + 0.1
    assert unreachable.get("a") is None
    assert len(calls) == 2


def test_other_redis_errors_still_raise(unreachable, monkeypatch):
    from redis.exceptions import ResponseError

    def broken(self, *args, **kwargs):
        raise ResponseError("WRONGTYPE")

    monkeypatch.setattr(ResilientRedisCache, "get", redis_cache._miss(redis_cache._default)(broken))
    with pytest.raises(ResponseError):
        unreachable.get("a")


def test_a_write_that_missed_redis_is_undone_there_once_it_answers(unreachable, monkeypatch):
    """A session ended while Redis was cut off must not come back from Redis's old copy."""
    now = [1000.0]
    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: now[0])
    unreachable.delete("session-of-pat")  # fails: Redis is away, and may still hold the session
    unreachable.set_many({"a": 1})  # skipped: within RETRY_SECONDS of the failure
    deleted = []

    class Answering:
        def get(self, key, default):
            return "fresh"

        def delete_many(self, keys):
            deleted.append(sorted(keys))

    unreachable.__dict__["_cache"] = Answering()  # Redis answers again

    now[0] += redis_cache.RETRY_SECONDS + 0.1
    assert unreachable.get("b") == "fresh"
    assert deleted == [[":1:a", ":1:session-of-pat"]]
    unreachable.get("b")
    assert deleted == [[":1:a", ":1:session-of-pat"]]  # once only
