"""Counting requests per client address in the cache (shared by every worker with Redis)."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def over_limit(scope: str, address: str | None, *, limit: int, seconds: int) -> bool:
    """Count one request of ``address`` in ``scope``; True once it is past ``limit`` requests
    within the window that its first request started. A cache outage limits nobody."""
    key = f"rate:{scope}:{address or 'unknown'}"
    try:
        if cache.add(key, 1, timeout=seconds):
            count = 1
        else:
            count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        count = 1
    except Exception:  # noqa: BLE001
        logger.warning("rate limit unavailable (cache down)", exc_info=True)
        return False
    return count > limit
