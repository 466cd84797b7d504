"""/search/suggest?q=: suggestions for the search boxes, as JSON."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET

from catalogue.search import suggestions
from ocop_site import page_cache

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200  # as the list's q


@require_GET
def search_suggest(request):
    """``{"q": …, "results": [{"kind": "product"|"village"|"producer", "name", "url"}]}``, at
    most eight. A q longer than the search box allows is a 400 with ``{"error": …}``."""
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        return JsonResponse({"error": _("The search text is longer than %(max)s characters.")
                             % {"max": MAX_QUERY_LENGTH}}, status=400)
    language = get_language()
    results = cached_suggestions(text, language)
    response = JsonResponse({"q": text, "results": results})
    response["Cache-Control"] = f"max-age={settings.SEARCH_SUGGEST_CACHE_SECONDS}"
    return response


def cached_suggestions(text: str, language: str) -> list[dict]:
    """``suggestions`` kept for SEARCH_SUGGEST_CACHE_SECONDS under a key that goes stale with
    any change to the catalogue; people type the same first letters again and again."""
    seconds = settings.SEARCH_SUGGEST_CACHE_SECONDS
    if not seconds:
        return suggestions(text, language=language)
    cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
    try:
        key = page_cache.content_key("suggest", language, text.strip().lower())
        results = cache.get(key)
    except Exception:  # noqa: BLE001 -- cache down: answer without it
        logger.warning("search suggestions: cache unavailable", exc_info=True)
        return suggestions(text, language=language)
    if results is None:
        results = suggestions(text, language=language)
        try:
            cache.set(key, results, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("search suggestions: could not store", exc_info=True)
    return results
