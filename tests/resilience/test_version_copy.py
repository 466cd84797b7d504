"""With Redis, a page cache hit reads the content version's copy (and the page, unless this worker
keeps a copy of it) and never touches the database; the copy follows every committed change at
once, and a copy no writer raised (a process without Redis, Redis failing at the commit) expires
within seconds."""

import contextlib
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from ocop_site import page_cache
from tests.factories import certified_product


@contextlib.contextmanager
def _page_cache_on(settings, server):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "ocop_site.cache.BreakerRedisCache",
                                   "LOCATION": server.url, "KEY_PREFIX": "test",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    settings.PAGE_CACHE_VERSION_COPY_SECONDS = 60
    page_cache._local_pages.clear()
    try:
        yield
    finally:
        cache.clear()
        page_cache._local_pages.clear()


@pytest.fixture
def shared_page_cache(settings, redis_server, transactional_db, django_db_serialized_rollback):
    # Committed transactions: the copy is raised after a commit, as in production.
    with _page_cache_on(settings, redis_server):
        yield


def _version_row() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM versioning_contentversion WHERE id = 1")
        return cursor.fetchone()[0]


def test_a_hit_reads_no_database(client, shared_page_cache, django_assert_num_queries):
    certified_product(4, name="Nước tương Cự Đà")
    assert client.get("/en/products/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get("/en/products/")
    assert hit.status_code == 200 and hit["X-Page-Cache"] == "hit"


def test_a_committed_edit_shows_at_the_next_request(client, shared_page_cache):
    product = certified_product(4, name="Nước tương Cự Đà")
    assert "Nước tương Cự Đà" in client.get("/products/").content.decode()
    assert client.get("/products/")["X-Page-Cache"] == "hit"

    product.name_vi = "Tương bần Hưng Yên"
    product.save()

    assert cache.get(page_cache.VERSION_KEY) == _version_row()
    page = client.get("/products/")
    assert page["X-Page-Cache"] == "miss"
    assert "Tương bần Hưng Yên" in page.content.decode()


def test_one_copy_per_transaction_and_none_for_a_rollback(client, shared_page_cache):
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    before = cache.get(page_cache.VERSION_KEY)

    with transaction.atomic():
        for _ in range(5):
            page_cache.invalidate()
        with pytest.raises(RuntimeError), transaction.atomic():
            page_cache.invalidate()
            raise RuntimeError("a savepoint rolled back")
        assert cache.get(page_cache.VERSION_KEY) == before  # nothing before the commit
    assert cache.get(page_cache.VERSION_KEY) == before + 5 == _version_row()

    with pytest.raises(RuntimeError), transaction.atomic():
        page_cache.invalidate()
        raise RuntimeError("rolled back")
    assert cache.get(page_cache.VERSION_KEY) == before + 5 == _version_row()
    assert client.get("/products/")["X-Page-Cache"] == "miss"  # the first page after the change
    assert client.get("/products/")["X-Page-Cache"] == "hit"


def test_a_change_the_copy_missed_shows_once_the_copy_expires(client, shared_page_cache, settings):
    settings.PAGE_CACHE_VERSION_COPY_SECONDS = 0.3
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    assert client.get("/products/")["X-Page-Cache"] == "hit"

    # A writer that never reaches Redis (no REDIS_URL, or Redis failing at its commit).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE versioning_contentversion SET version = version + 1 WHERE id = 1")
    time.sleep(0.5)

    assert client.get("/products/")["X-Page-Cache"] == "miss"
    assert cache.get(page_cache.VERSION_KEY) == _version_row()


def test_an_older_version_never_replaces_a_newer_copy(shared_page_cache):
    cache.raise_to(page_cache.VERSION_KEY, 41, 60)
    cache.raise_to(page_cache.VERSION_KEY, 40, 60)  # a reader that read the database earlier
    assert cache.get(page_cache.VERSION_KEY) == 41
    cache.raise_to(page_cache.VERSION_KEY, 42, 60)
    assert cache.get(page_cache.VERSION_KEY) == 42


def test_a_paused_redis_serves_pages_from_the_database(client, shared_page_cache, redis_server):
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    redis_server.pause()
    try:
        page = client.get("/products/")
        assert page.status_code == 200 and page["X-Page-Cache"] == "miss"
        assert "Nước tương Cự Đà" in page.content.decode()
    finally:
        redis_server.resume()


def _drop_pages_from_redis():
    for key in cache._cache.get_client(write=True).keys("*page-cache:2*"):
        cache._cache.get_client(write=True).delete(key)


def test_a_worker_serves_its_copy_of_a_page_under_the_current_version_only(client, shared_page_cache):
    product = certified_product(4, name="Nước tương Cự Đà")
    assert client.get("/products/")["X-Page-Cache"] == "miss"
    assert client.get("/products/")["X-Page-Cache"] == "hit"  # from Redis; now kept here too
    _drop_pages_from_redis()
    kept = client.get("/products/")
    assert kept["X-Page-Cache"] == "hit" and "Nước tương Cự Đà" in kept.content.decode()

    head = client.head("/products/")
    assert head["X-Page-Cache"] == "hit" and head.content == b""
    assert client.get("/products/").content == kept.content  # HEAD did not empty the copy

    product.name_vi = "Tương bần Hưng Yên"
    product.save()
    page = client.get("/products/")
    assert page["X-Page-Cache"] == "miss" and "Tương bần Hưng Yên" in page.content.decode()


def test_a_workers_copy_ends_with_the_pages_expiry(client, shared_page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 1
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    assert client.get("/products/")["X-Page-Cache"] == "hit"
    time.sleep(1.2)
    assert client.get("/products/")["X-Page-Cache"] == "miss"


def test_no_copies_kept_beyond_the_size_limit(client, shared_page_cache, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000  # smaller than any page
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    assert client.get("/products/")["X-Page-Cache"] == "hit"
    _drop_pages_from_redis()
    assert client.get("/products/")["X-Page-Cache"] == "miss"


# The version's copy in each worker: Redis tells it when the copy is stale (client-side caching).

def _redis(redis_server):
    import redis

    return redis.Redis.from_url(redis_server.url)


def _commands_processed(redis_server) -> int:
    # INFO counts itself: one command per call.
    return _redis(redis_server).info("stats")["total_commands_processed"]


def _another_worker_commits_a_change(redis_server=None) -> None:
    """What another process's commit does: the database's version, then (given its Redis) the
    copy there, written over a connection this process never used."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE versioning_contentversion SET version = version + 1 WHERE id = 1")
    if redis_server is not None:
        _redis(redis_server).set(cache.make_key(page_cache.VERSION_KEY), _version_row())


def _a_page_this_worker_keeps(client) -> None:
    certified_product(4, name="Nước tương Cự Đà")
    client.get("/products/")
    assert client.get("/products/")["X-Page-Cache"] == "hit"  # read from Redis, kept here now


def test_hits_ask_redis_nothing_while_the_version_stands(client, shared_page_cache, redis_server):
    _a_page_this_worker_keeps(client)

    before = _commands_processed(redis_server)
    for _ in range(20):
        assert client.get("/products/")["X-Page-Cache"] == "hit"
    assert _commands_processed(redis_server) - before == 1  # the INFO above, nothing else


def test_a_version_another_worker_raised_shows_at_the_next_request(client, shared_page_cache, redis_server):
    _a_page_this_worker_keeps(client)

    _another_worker_commits_a_change(redis_server)

    assert client.get("/products/")["X-Page-Cache"] == "miss"
    assert client.get("/products/")["X-Page-Cache"] == "hit"


def test_a_hung_redis_is_noticed_within_the_copys_age(client, shared_page_cache, redis_server, settings):
    # A hung Redis sends no "stale" message; the worker reads afresh after the copy's age, the
    # read times out, and pages come from the database (which has the change) from then on.
    settings.PAGE_CACHE_VERSION_COPY_SECONDS = 0.3
    _a_page_this_worker_keeps(client)
    redis_server.pause()
    try:
        _another_worker_commits_a_change()
        time.sleep(0.4)
        page = client.get("/products/")
        assert page.status_code == 200 and page["X-Page-Cache"] == "miss"
    finally:
        redis_server.resume()


def test_a_connection_the_server_closed_is_opened_again(client, shared_page_cache, redis_server,
                                                        django_assert_num_queries):
    # Managed Redis services close idle connections: that is not an outage (which would send
    # every request to the database for CACHE_BREAKER_SECONDS).
    _a_page_this_worker_keeps(client)
    _redis(redis_server).client_kill_filter(_type="normal", skipme=True)

    with django_assert_num_queries(0):
        assert client.get("/products/")["X-Page-Cache"] == "hit"
    _another_worker_commits_a_change(redis_server)
    assert client.get("/products/")["X-Page-Cache"] == "miss"  # the new connection is tracked too


def test_a_redis_that_cannot_track_keys_is_asked_on_every_hit(client, settings, transactional_db,
                                                             django_db_serialized_rollback):
    # A Redis before 6 (no RESP3, no CLIENT TRACKING), or a proxy that refuses them: the version
    # is read from Redis on every hit, as before; the cache is not given up on.
    from tests.resilience.conftest import RedisServer, stop

    server = RedisServer("--rename-command", "CLIENT", "")
    try:
        with _page_cache_on(settings, server):
            _a_page_this_worker_keeps(client)
            before = _commands_processed(server)
            for _ in range(5):
                assert client.get("/products/")["X-Page-Cache"] == "hit"
            assert _commands_processed(server) - before == 1 + 5

            _another_worker_commits_a_change(server)
            assert client.get("/products/")["X-Page-Cache"] == "miss"
    finally:
        stop(server.process)


def test_a_redis_client_that_changed_inside_falls_back_to_plain_reads(client, shared_page_cache, redis_server,
                                                                      monkeypatch):
    # TrackedKeys reads two private attributes of redis-py's connections; a release without them
    # must cost the round trip it saved, not the cache.
    from ocop_site.cache import TrackedKeys

    def changed(self):
        raise AttributeError("'Connection' object has no attribute '_sock'")

    monkeypatch.setattr(TrackedKeys, "_connected", changed)
    _a_page_this_worker_keeps(client)
    _another_worker_commits_a_change(redis_server)
    assert client.get("/products/")["X-Page-Cache"] == "miss"
    assert client.get("/products/")["X-Page-Cache"] == "hit"
