"""Whole-page cache for anonymous visitors, invalidated by any change to the catalogue.

Why not Django's ``cache_page``/``UpdateCacheMiddleware``: they cannot be invalidated on save
(a staff edit must show on the very next request), they vary on Cookie, and they turn a cache
outage into errors. Here:

- Pages are keyed by a *content version*, the Vietnam date and the full URL. Any save or delete
  of a model in the catalogue, showrooms or events apps bumps the version (bulk writes call
  :func:`invalidate` themselves), so every cached page is stale at once without scanning keys.
  The date in the key drops pages at midnight, when certificates expire and events start.
- Only anonymous GET/HEAD requests that produce a plain 200 without cookies are stored.
- If the cache backend (Redis) is down, pages are served uncached, never a 500.
"""

from __future__ import annotations

import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
INVALIDATING_APPS = {"catalogue", "showrooms", "events", "inspections"}
SKIP_PREFIXES = ("/admin/", "/en/admin/", "/static/", "/media/", "/i18n/", "/healthz", "/bench/")


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def current_version() -> int:
    version = _cache().get(VERSION_KEY)
    if version is None:
        # add() so concurrent first requests agree on one starting value.
        _cache().add(VERSION_KEY, 1, timeout=None)
        version = _cache().get(VERSION_KEY) or 1
    return int(version)


def invalidate() -> None:
    """Make every cached page stale. Safe to call when the cache is down."""
    try:
        try:
            _cache().incr(VERSION_KEY)
        except ValueError:  # the key is missing (evicted or never set)
            _cache().set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 -- a cache outage must not break a staff save
        logger.warning("page cache: could not invalidate (cache unavailable)", exc_info=True)


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label in INVALIDATING_APPS:
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


def _key(request, version: int) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{version}:{timezone.localdate().isoformat()}:{digest}"


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages; place it after SessionMiddleware and LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request, current_version())
            cached = _cache().get(key)
        except Exception:  # noqa: BLE001 -- Redis down: serve uncached
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        if self._storable(request, response):
            timeout = min(seconds, self._max_age(response, seconds))
            if not response.has_header("ETag"):
                set_response_etag(response)
            patch_cache_control(response, public=True, max_age=min(timeout, 60))
            response["X-Page-Cache"] = "miss"
            try:
                _cache().set(key, response, timeout)
            except Exception:  # noqa: BLE001
                logger.warning("page cache: could not store page", exc_info=True)
        return response

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
