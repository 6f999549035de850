"""Django's Redis cache, for which an unreachable Redis is a cache miss, not an error.

Everything Limber keeps in the cache can be made again: page fragments are keyed by
the person's data version, and sessions use the ``cached_db`` engine, whose database
row is the truth. So when Redis is down (restarted, killed, cut off), a request should
be slower, never broken. Django's own backend raises instead; this one logs once,
answers as a miss, and leaves Redis alone for ``RETRY_SECONDS`` so that each request
does not wait on a dead server again. After that it tries again, and so recovers by
itself when Redis is back.

A write or delete that did not reach Redis leaves whatever copy Redis had, which is
stale if Redis was only cut off and kept its data (a session ended during the
outage, say). So the keys of writes that failed are remembered, and deleted from
Redis as soon as it answers again.

Only connection failures and timeouts are treated so; any other Redis error is a bug
and still raises.
"""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _miss(fallback: Callable[..., Any], writes: bool = False) -> Callable:
    """Wrap a cache method so that Redis being unreachable returns fallback(*args) instead.

    For a method that writes (its first argument a key, or a collection of keys), the
    keys of a write that failed are kept to be deleted once Redis answers again.
    """

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(self: "ResilientRedisCache", *args: Any, **kwargs: Any) -> Any:
            if time.monotonic() >= self._retry_at:
                try:
                    if self._unwritten:
                        RedisCache.delete_many(self, list(self._unwritten))
                        self._unwritten.clear()
                    return method(self, *args, **kwargs)
                except (ConnectionError, TimeoutError) as error:
                    self._retry_at = time.monotonic() + RETRY_SECONDS
                    log.warning("Redis is unreachable (%s); serving without the cache for %s s.", error, RETRY_SECONDS)
            if writes:
                keys = args[0]
                self._unwritten.update([keys] if isinstance(keys, str) else keys)
            return fallback(*args, **kwargs)

        return guarded

    return decorate


def _default(key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _absent(key: str, *args: Any, **kwargs: Any) -> int:
    raise ValueError(f"Key {key!r} not found (Redis is unreachable).")


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._retry_at = 0.0
        self._unwritten: set[str] = set()

    get = _miss(_default)(RedisCache.get)
    get_many = _miss(lambda keys, *args, **kwargs: {})(RedisCache.get_many)
    has_key = _miss(_false)(RedisCache.has_key)
    add = _miss(_false, writes=True)(RedisCache.add)
    set = _miss(_nothing, writes=True)(RedisCache.set)
    set_many = _miss(lambda data, *args, **kwargs: list(data), writes=True)(RedisCache.set_many)
    touch = _miss(_false, writes=True)(RedisCache.touch)
    delete = _miss(_false, writes=True)(RedisCache.delete)
    delete_many = _miss(_nothing, writes=True)(RedisCache.delete_many)
    incr = _miss(_absent, writes=True)(RedisCache.incr)
    clear = _miss(_false)(RedisCache.clear)
