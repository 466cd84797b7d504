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
import os
import select
import threading
import time

import redis
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


class TrackedKeys:
    """This process's copies of a few small keys, which Redis itself says are out of date.

    On a RESP3 connection with ``CLIENT TRACKING ON``, Redis remembers the keys the connection
    read and pushes an "invalidate" message on it as soon as any client changes one of them (or
    it expires). Whether such a message is waiting is one poll of the socket, with no wait and no
    round trip; the page cache asks this for the content version on every hit instead of asking
    Redis, whose round trip was a third of a hit's time on a busy worker.

    A copy is read afresh after ``max_age`` seconds even without a message: a Redis that hangs
    sends none, and the fresh read is what notices it (a timeout opens the breaker). A lost
    connection loses every copy with it (messages may have been missed).
    """

    def __init__(self, pool):
        self._pool = pool
        self._connection = None
        self._poll = None
        self._pid = None
        self._values: dict[str, tuple[object, float]] = {}
        self._lock = threading.Lock()
        self.unsupported = False  # a server without RESP3 or tracking (Redis < 6)

    def get(self, key: str, max_age: float, loads):
        """The key's value (``loads`` applied), or None when Redis has none. Raises RedisError."""
        with self._lock:
            while True:
                kept_connection = self._connection is not None
                try:
                    return self._get(key, max_age, loads)
                except Exception as error:
                    self.close()
                    # A kept connection the server closed (an idle timeout, a restart): once more
                    # on a new one before calling Redis down. Nothing else is tried again (a
                    # timeout would only wait twice), nor a connection just opened.
                    if not (kept_connection and isinstance(error, redis.ConnectionError)):
                        raise

    def _get(self, key, max_age, loads):
        connection = self._connected()
        if self._poll.poll(0):
            self._read_messages(connection)
        kept = self._values.get(key)
        if kept is not None and time.monotonic() - kept[1] < max_age:
            return kept[0]
        read_at = time.monotonic()
        connection.send_command("GET", key)
        raw = connection.read_response()  # messages sent before the reply are read on the way
        if raw is None:
            self._values.pop(key, None)
            return None
        value = loads(raw)
        self._values[key] = (value, read_at)
        self._read_messages(connection)  # one sent after the reply, read with it, drops it again
        return value

    def _connected(self):
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._values.clear()  # a forked child inherits copies that its own socket never tracked
        connection = self._pool.connection_class(**dict(self._pool.connection_kwargs, protocol=3))
        connection.connect()
        connection._parser.set_invalidation_push_handler(self._invalidated)
        connection.send_command("CLIENT", "TRACKING", "ON")
        connection.read_response()
        self._poll = select.poll()
        self._poll.register(connection._sock, select.POLLIN)
        self._connection, self._pid = connection, os.getpid()
        return connection

    @staticmethod
    def _read_messages(connection) -> None:
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)

    def _invalidated(self, message) -> None:
        keys = message[1]
        if keys is None:  # FLUSHALL / FLUSHDB
            self._values.clear()
            return
        for key in keys:
            self._values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def close(self) -> None:
        self._values.clear()
        connection, self._connection, self._poll = self._connection, None, None
        if connection is not None:
            try:
                connection.disconnect()
            except Exception:  # noqa: BLE001 -- closing a socket that is already gone
                pass


class _BreakerRedisCacheClient(RedisCacheClient):
    """Each operation returns what a miss returns while the breaker is open or Redis fails."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.breaker = breaker_for(",".join(servers))
        self._clients = {}
        self._scripts = {}
        self._tracked = None

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

    def get_tracked(self, key, max_age: float):
        """``get`` from this process's copy while Redis has not said the key changed (and for at
        most ``max_age`` seconds); see TrackedKeys."""
        if self._tracked is None:
            self._tracked = TrackedKeys(self._get_connection_pool(write=False))
        if self._tracked.unsupported:
            return self.get(key, None)

        def operation():
            try:
                return self._tracked.get(key, max_age, self._serializer.loads)
            except (self._lib.ResponseError, AttributeError) as error:
                # HELLO 3 or CLIENT TRACKING unknown to the server, or a redis-py whose
                # connections no longer look as TrackedKeys expects: plain reads from now on.
                self._tracked.unsupported = True
                logger.warning("cache: cannot track %s (%s: %s); reading it on every use",
                               key, error.__class__.__name__, error)
                return super(_BreakerRedisCacheClient, self).get(key, None)

        return self._guarded(operation, None)

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

    def get_tracked(self, key: str, max_age: float):
        """The value, read from Redis only when Redis said it changed or after ``max_age``
        seconds; None if missing or Redis is unavailable."""
        return self._cache.get_tracked(self.make_and_validate_key(key), max_age)

    def status(self) -> str:
        """"ok" or "down" (for /healthz): a PING unless the breaker is already open."""
        return "ok" if self._cache.ping() else "down"


def cache_status(alias: str = "default") -> str:
    """"ok", "down" or "local" (a cache in this process's memory: nothing to be down)."""
    cache = caches[alias]
    if isinstance(cache, BreakerRedisCache):
        return cache.status()
    return "local"
