"""Whole-page cache for anonymous visitors, invalidated by any change to the catalogue.

Why not Django's ``cache_page``/``UpdateCacheMiddleware``: they cannot be invalidated on save
(a staff edit must show on the very next request), they vary on Cookie, and they turn a cache
outage into errors. Here:

- Pages are keyed by a *content version*, the Vietnam date and the full URL. Any save or delete
  of a model in the catalogue, showrooms or events apps bumps the version (bulk writes call
  :func:`invalidate` themselves), so every cached page is stale at once without scanning keys.
  The version is a row in the database (``versioning``), so every worker and command sees the
  same one, with or without Redis. With Redis, a copy of it sits beside the pages: a hit reads
  both in one round trip and never touches the database. The writer raises the copy right after
  its commit; the copy lives VERSION_COPY_SECONDS, so a copy a failed write left behind is
  read from the database again that soon.
  The date in the key drops pages at midnight, when certificates expire and events start.
- Only anonymous GET requests that produce a plain 200 without cookies are stored (HEAD is
  answered from a stored GET, never stored). The key keeps only the query parameters pages
  read, in a canonical order: tracking parameters (utm_*, fbclid, ...) share the clean URL's
  entry, any other unknown parameter is served uncached, so junk URLs cannot fill the cache.
- If the cache backend (Redis) is down, pages are served uncached, never a 500.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import SimpleCookie
from django.http.response import ResponseHeaders
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

INVALIDATING_APPS = {"catalogue", "showrooms", "events", "inspections"}
SKIP_PREFIXES = ("/admin/", "/en/admin/", "/static/", "/media/", "/i18n/", "/healthz", "/bench/")

# The version read for the request being served: read at most once per request (the page, its
# facet counts and the filter lookups share it), and never carried over to the next request.
_request_version: contextvars.ContextVar[dict | None] = contextvars.ContextVar("content_version", default=None)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _version_table() -> str:
    from versioning.models import ContentVersion

    return connection.ops.quote_name(ContentVersion._meta.db_table)


def current_version() -> int:
    """The content version (``versioning.ContentVersion``): one indexed read of one row, shared
    by every process, so a change made by any worker or command shows on the next request of
    every other. Read once per request while ``request_scope`` is active."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _read_version()
    if memo is not None:
        memo["version"] = version
    return version


def version_already_read() -> bool:
    """Whether this request has read the content version already (so using it costs nothing)."""
    memo = _request_version.get()
    return bool(memo) and "version" in memo


def _select_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {_version_table()} WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _read_version() -> int:
    """The version row; on a request's first use of a kept connection, this read is also the
    connection's health check. Django's CONN_HEALTH_CHECKS would send its own ``SELECT 1``
    first: a second round trip on every page cache hit, which is nothing else but this read.
    A connection the database dropped (a restart) fails here as it would fail that check: it is
    closed and the read tried once more on a new one, as Django would have done."""
    if (connection.connection is None or not connection.settings_dict["CONN_HEALTH_CHECKS"]
            or connection.health_check_done or connection.in_atomic_block):
        return _select_version()
    connection.health_check_done = True
    try:
        return _select_version()
    except (OperationalError, InterfaceError):
        connection.close()
        return _select_version()


@contextlib.contextmanager
def request_scope():
    """Serve one request with one content version (read lazily, on first use)."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def invalidate() -> None:
    """Make every cached page, facet count and filter lookup stale, in every process.

    Runs in the caller's transaction, so the bump commits (or rolls back) with the change: no
    process can see the new version before the new content, nor the new content under the old
    version for longer than one request."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_version_table()} SET version = version + 1 WHERE id = 1")
        if cursor.rowcount == 0:  # the row was flushed away (tests); start again above any old value
            cursor.execute(f"INSERT INTO {_version_table()} (id, version) VALUES (1, 2)")
    memo = _request_version.get()
    if memo is not None:
        memo.pop("version", None)
    if _version_copy() is not None:
        _copy_version_after_commit()


# The shared cache's copy of the content version (see the module's docstring).
VERSION_KEY = "page-cache:content-version"


def _version_copy():
    """The cache that keeps a copy of the version: a shared one (Redis) only. A copy in one
    process's memory would hide other processes' changes from it."""
    cache = _cache()
    return cache if getattr(cache, "shared_between_processes", False) else None


def _copy_seconds() -> float:
    return settings.PAGE_CACHE_VERSION_COPY_SECONDS


def _copy_version(version: int) -> None:
    cache = _version_copy()
    if cache is not None:
        cache.raise_to(VERSION_KEY, version, _copy_seconds())  # Redis down: a no-op


def _publish_committed_version() -> None:
    """After the commit: copy the version now in the database (this transaction's bump, or a
    later one) to the shared cache, so the next hit on any worker sees it."""
    try:
        _copy_version(_select_version())
    except Exception:  # noqa: BLE001 -- the change is committed; the copy expires on its own
        logger.warning("page cache: could not copy the content version", exc_info=True)


def _copy_version_after_commit() -> None:
    # Once per transaction, however many rows it changes (an import bumps the version per row).
    # A callback registered inside a savepoint that is rolled back is dropped with it, so the
    # next bump registers again.
    if any(callback is _publish_committed_version for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_publish_committed_version)


def _on_model_change(sender, **kwargs):
    # Migrations' historical models ("__fake__") save reference data before the version's
    # table may exist; nothing is served from a database being migrated.
    if sender._meta.app_label in INVALIDATING_APPS and sender.__module__ != "__fake__":
        invalidate()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"page-cache-{signal!r}")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"):
        return False  # signed-in staff, and anyone with a pending message, get fresh pages
    return True


def content_key(prefix: str, *parts) -> str:
    """A cache key that goes stale with every change to the content and at midnight in Vietnam,
    like the pages' own keys; for things computed from the content (facet counts). Raises if
    the cache is unavailable."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{prefix}:{current_version()}:{timezone.localdate().isoformat()}:{digest}"


# Parameters that only say where a visitor came from; no page reads them. A URL with them is
# served from (and stored as) the same URL without them.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid",
                                 "_ga", "_gl", "igshid", "zarsrc", "ref", "ref_src"})
# Parameters pages read outside any FilterSet (the FilterSets' own are added by
# ``page_parameters``). Anything else is junk to the cache: the page is served, never stored.
OTHER_PAGE_PARAMETERS = frozenset({"page", "code", "near", "q", "sort", "from", "to"})
# The sitemaps read only their page number; stray parameters share the clean URL's entry.
SITEMAP_PARAMETERS = frozenset({"p"})
MAX_ENTRY_BYTES = 1024 * 1024  # a page larger than this is served but not stored


@functools.cache
def page_parameters() -> frozenset[str]:
    """Every GET parameter some public page reads: the filters' names, and the others above."""
    import django_filters
    from django.urls import get_resolver

    get_resolver().url_patterns  # imports every view, hence every FilterSet
    names, pending = set(OTHER_PAGE_PARAMETERS), [django_filters.FilterSet]
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        names.update(getattr(filterset, "base_filters", {}))
    return frozenset(names) | frozenset(getattr(settings, "PAGE_CACHE_EXTRA_PARAMETERS", ()))


class _NotStored(Exception):
    """The URL carries a parameter no page reads: serve it, do not let it take cache space."""


def _canonical_query(request) -> str:
    """The query string as the cache sees it: only parameters pages read, sorted by name then
    value, so ``?b=2&a=1`` and ``?a=1&b=2&utm_source=x`` share one entry."""
    sitemap = request.path.startswith("/sitemap")
    kept = []
    for name, values in request.GET.lists():
        if sitemap:
            if name in SITEMAP_PARAMETERS:
                kept.extend((name, value) for value in values)
            continue
        if name.startswith("utm_") or name in TRACKING_PARAMETERS:
            continue
        if name not in page_parameters():
            raise _NotStored(name)
        kept.extend((name, value) for value in values)
    return urlencode(sorted(kept))


def _key(request) -> str:
    """The page's entry. It holds (content version, response): a page stored under an older
    version is stale, and the next miss overwrites it in place."""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{_canonical_query(request)}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{timezone.localdate().isoformat()}:{digest}"


def _lookup(key: str):
    """(content version, the stored response or None). With a shared cache: the version's copy
    (one small read; the database only when the copy has expired), then the page from this
    worker's copies (``_LocalPages``) or, failing that, from the shared cache."""
    cache = _cache()
    if _version_copy() is None:
        version = current_version()
        entry = cache.get(key)
        return version, (entry[2] if entry is not None and entry[0] == version else None)
    # This worker's copy, which Redis tells it is stale as soon as any writer raises it (one
    # poll, no round trip); None when Redis is down or hung (ocop_site/cache.py).
    version = cache.get_tracked(VERSION_KEY, _copy_seconds())
    if version is None:
        version = _read_version()
        _copy_version(version)
    memo = _request_version.get()
    if memo is not None:
        memo["version"] = version
    response = _local_pages.get(key, version)
    if response is None:
        entry = cache.get(key)
        if entry is None or entry[0] != version:
            return version, None
        _local_pages.put(key, *entry)
        response = entry[2]
    return version, _copy_of(response)


def _copy_of(response):
    """A response of its own for this request: the outer middleware and HEAD change it, and
    Django's handler hangs the request's closers on it. Made without ``HttpResponse.__init__``:
    setting the stored headers one by one again (each checked and encoded) was a fifth of a hit's
    time, and they were checked when the page was first served. A stored page is a plain 200 with
    no cookies (``_storable``)."""
    copy = object.__new__(type(response))
    copy.__dict__.update(response.__dict__)
    copy.headers = ResponseHeaders({})
    copy.headers._store = dict(response.headers._store)
    copy._container = list(response._container)
    copy._resource_closers = []
    copy.cookies = SimpleCookie()
    copy.closed = False
    return copy


class _LocalPages:
    """This worker's copies of pages it read from the shared cache, so a hit on a popular page
    moves a few bytes (the version's copy) from Redis instead of the whole page. Each copy is
    used only under the version it was stored with and until the entry's own expiry; least
    recently used copies go once their bodies pass PAGE_CACHE_LOCAL_BYTES (0: none kept)."""

    def __init__(self):
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, version: int):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            stored_version, expires, response = item
            if stored_version != version or time.time() >= expires:
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return response

    def put(self, key: str, version: int, expires: float, response) -> None:
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(response.content)
        if size > limit:
            return
        with self._lock:
            self._drop(key)
            self._items[key] = (version, expires, response)
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._bytes -= len(item[2].content)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


_local_pages = _LocalPages()


def _headers_only(response):
    """A HEAD answer: the GET's status and headers (Content-Length included), no body."""
    if not response.streaming and response.content:
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors.

    It sits right after SecurityMiddleware, before CSP, WhiteNoise, sessions, locale, CSRF, auth
    and the rest: a hit needs only the URL and the absence of a session cookie, so it skips all
    of them. A stored page is the response as every inner middleware left it (CSP,
    Permissions-Policy, Content-Language, Vary, X-Frame-Options, ...); the outer ones (the
    security headers, the request log) run on hits as on misses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            response = self._serve(request)
        if request.method == "HEAD":
            return _headers_only(response)
        self._mark_private(request, response)
        return response

    def _serve(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request)
            version, cached = _lookup(key)
        except (_NotStored, DisallowedHost):
            return self.get_response(request)  # junk: uncached; a bad host: refused further in
        except Exception:  # noqa: BLE001 -- the version's database down: let the view answer
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            timeout = min(seconds, self._max_age(response, seconds))
            if not response.has_header("ETag"):
                set_response_etag(response)
            patch_cache_control(response, public=True, max_age=min(timeout, 60))
            response["X-Page-Cache"] = "miss"
            try:
                # The expiry travels with the page: a worker's copy of it ends when Redis's does.
                _cache().set(key, (version, time.time() + timeout, response), timeout)
            except Exception:  # noqa: BLE001 -- e.g. a local cache refusing a value
                logger.warning("page cache: could not store page", exc_info=True)
        return response

    @staticmethod
    def _mark_private(request, response) -> None:
        """What a signed-in person sees (drafts shown to staff, ...) is theirs alone: no shared
        cache (proxy, CDN) may keep it, whatever max-age the view asked for."""
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            cache_control = response.get("Cache-Control", "")
            if "private" not in cache_control and "no-store" not in cache_control:
                patch_cache_control(response, private=True)

    @staticmethod
    def _max_age(response, default: int) -> int:
        """Views that show time-sensitive state (e.g. "open now") ask for less via max-age."""
        header = response.get("Cache-Control", "")
        for part in header.split(","):
            name, _, value = part.strip().partition("=")
            if name == "max-age" and value.isdigit():
                return int(value)
        return default

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("X-Accel-Redirect"):  # a hand-off to the proxy, not a page
            return False
        if len(response.content) > getattr(settings, "PAGE_CACHE_MAX_ENTRY_BYTES", MAX_ENTRY_BYTES):
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        vary = response.get("Vary", "")
        return "Cookie" not in vary or not request.COOKIES


def model_apps_with_invalidation():
    """For tests and docs: the models whose changes empty the page cache."""
    return [m for m in apps.get_models() if m._meta.app_label in INVALIDATING_APPS]
