"""``/healthz`` for load balancers and the container HEALTHCHECK: is the database reachable?

The database alone decides 200 or 503: without it nothing can be served. The cache is reported
(``"cache": "ok"``, ``"down"``, or ``"local"`` for a per-process memory cache) but never fails
the check, since pages are served uncached while Redis is down (ocop_site/cache.py)."""

import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ocop_site.cache import cache_status

logger = logging.getLogger("ocop.health")

HEALTHZ_PATH = "/healthz"


@never_cache
@require_safe
def healthz(request):
    """200 ``{"status": "ok", "cache": …}`` if ``SELECT 1`` succeeds, else 503. Reads nothing,
    writes nothing."""
    cache = cache_status()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("health check: database unreachable: %s", error.__class__.__name__)
        return JsonResponse({"status": "unavailable", "database": "unreachable", "cache": cache}, status=503)
    return JsonResponse({"status": "ok", "cache": cache})


class HealthCheckMiddleware:
    """Answer ``/healthz`` before any other middleware.

    Load balancers and orchestrators probe an instance by its own address, so the Host header is
    an IP that ALLOWED_HOSTS rightly refuses (CommonMiddleware would answer 400). Answering here
    also skips the HTTPS redirect, sessions, locale and the page cache: a probe costs one query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
