"""The Redis cache backend with short timeouts and a circuit breaker.

Everything we keep in the cache (whole pages, facet counts) can be recomputed from the database,
so a Redis that is down or hung must cost speed, never availability. The client's connect and
socket timeouts are short (REDIS_TIMEOUT_SECONDS), and after one failure this process skips
Redis for CACHE_BREAKER_SECONDS: reads are misses, writes are dropped. A stalled Redis then costs
each worker one timeout per breaker period, not one per request. After the period one request
tries Redis again; success closes the breaker, another failure opens it anew.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("ocop.cache")


class CircuitBreaker:
    """Open (skip the service) for ``seconds`` after a failure; one process, all its threads."""

    def __init__(self, name: str):
        self.name = name
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def seconds(self) -> float:
        return getattr(settings, "CACHE_BREAKER_SECONDS", 15)

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def failed(self, error: Exception) -> None:
        with self._lock:
            was_closed = not self._open_until
            self._open_until = time.monotonic() + self.seconds
        if was_closed:
            logger.warning("cache %s unavailable (%s: %s); skipping it for %ss",
                           self.name, error.__class__.__name__, error, self.seconds)

    def succeeded(self) -> None:
        if self._open_until:
            with self._lock:
                self._open_until = 0.0
            logger.warning("cache %s is back", self.name)


_breakers: dict[str, CircuitBreaker] = {}


def breaker_for(location: str) -> CircuitBreaker:
    return _breakers.setdefault(location, CircuitBreaker(location))


class _BreakerRedisCacheClient(RedisCacheClient):
    """Each operation returns what a miss returns while the breaker is open or Redis fails."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.breaker = breaker_for(",".join(servers))
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, kept: Django builds a new one per operation,
        and its constructor (~100 µs, a case-insensitive dict of ~80 response callbacks) was a
        quarter of a page cache hit. A client is thread-safe; the pool does the connections."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guarded(self, operation, fallback, *args):
        if self.breaker.is_open():
            return fallback
        try:
            result = operation(*args)
        except self._lib.RedisError as error:  # ConnectionError, TimeoutError, ...
            self.breaker.failed(error)
            return fallback
        self.breaker.succeeded()
        return result

    def get(self, key, default):
        return self._guarded(super().get, default, key, default)

    def get_many(self, keys):
        return self._guarded(super().get_many, {}, keys)

    def has_key(self, key):
        return self._guarded(super().has_key, False, key)

    def set(self, key, value, timeout):
        return self._guarded(super().set, None, key, value, timeout)

    def add(self, key, value, timeout):
        return self._guarded(super().add, False, key, value, timeout)

    def set_many(self, data, timeout):
        return self._guarded(super().set_many, None, data, timeout)

    def touch(self, key, timeout):
        return self._guarded(super().touch, False, key, timeout)

    def delete(self, key):
        return self._guarded(super().delete, False, key)

    def delete_many(self, keys):
        return self._guarded(super().delete_many, None, keys)

    def clear(self):
        return self._guarded(super().clear, False)

    def ping(self) -> bool:
        return self._guarded(lambda: bool(self.get_client().ping()), False)

    # KEYS[1] := ARGV[1] (an integer) for ARGV[2] ms, unless it already holds a larger integer.
    _RAISE_TO = """
    local current = tonumber(redis.call('GET', KEYS[1]))
    if current and current > tonumber(ARGV[1]) then return 0 end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
    """

    def raise_to(self, key, value: int, milliseconds: int) -> None:
        def operation():
            client = self.get_client(key, write=True)
            script = self._scripts.get(id(client))
            if script is None:
                script = self._scripts[id(client)] = client.register_script(self._RAISE_TO)
            script(keys=[key], args=[value, milliseconds])

        self._guarded(operation, None)

    # incr() is left unguarded: no value could stand in for a counter.


class BreakerRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` behind a circuit breaker."""

    # Every process sees the same entries: a value one worker writes, the others read at once
    # (the page cache keeps a copy of the content version here; see ocop_site/page_cache.py).
    shared_between_processes = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _BreakerRedisCacheClient

    def raise_to(self, key: str, value: int, timeout: float) -> None:
        """Set an integer for ``timeout`` seconds unless the key holds a larger one already
        (atomic: a late writer of an older value cannot win over a newer one)."""
        key = self.make_and_validate_key(key)
        self._cache.raise_to(key, int(value), max(1, int(timeout * 1000)))

    def status(self) -> str:
        """"ok" or "down" (for /healthz): a PING unless the breaker is already open."""
        return "ok" if self._cache.ping() else "down"


def cache_status(alias: str = "default") -> str:
    """"ok", "down" or "local" (a cache in this process's memory: nothing to be down)."""
    cache = caches[alias]
    if isinstance(cache, BreakerRedisCache):
        return cache.status()
    return "local"
