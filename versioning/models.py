"""The content version: one number, in the database, that every process reads.

Cached pages, facet counts and each worker's filter lookups are keyed by it; any change to the
public content bumps it in the same transaction as the change. It lives in the database rather
than in the cache (Redis) or a worker's memory because the database is the one thing every
gunicorn worker, management command and `make run` process shares, with or without Redis, and
because a bump can then never be lost: it commits or rolls back with the change itself (a bump
sent to a Redis that was down would be lost, and the stale pages served once it is back).
"""

from django.db import models


class ContentVersion(models.Model):
    """Exactly one row (pk 1); see ``ocop_site.page_cache.current_version``."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return str(self.version)
