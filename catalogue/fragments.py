"""Rendered pieces of pages kept in the worker's memory: a product's card, a product page's
sections, the site's navigation and footer.

Each piece is kept with the shared lookups (``CatalogueLookups``), so for as long as the content
version stays the same, and under the Vietnam date and the page language as well as what the
piece shows (its key): a staff edit bumps the version and the next request renders afresh, and
a product whose certificate ends tonight is shown unlisted tomorrow. Never keep in here anything
that differs per visitor (CSRF tokens, the signed-in staff, messages, the ``near`` point).

Memory is bounded: least recently used pieces are dropped once their text passes
``FRAGMENT_CACHE_CHARS`` (a product page's pieces are ~10,000 characters; the country has
17,000-100,000 products, so not all of them fit, by design).
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

DEFAULT_CHARS = 8 * 1024 * 1024


class Fragments:
    """An LRU of rendered text, bounded by its total length in characters."""

    def __init__(self, max_chars: int | None = None):
        self.max_chars = getattr(settings, "FRAGMENT_CACHE_CHARS", DEFAULT_CHARS) if max_chars is None else max_chars
        self._items: OrderedDict[tuple, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    @staticmethod
    def _scope() -> tuple:
        """What every kept text also depends on: the date in Vietnam and the page's language."""
        return timezone.localdate(), get_language()

    def kept(self, name: str, keys) -> dict[tuple, str]:
        """The texts already kept for ``name`` under those of ``keys`` that have one, on today's
        date in the active language."""
        scope = self._scope()
        with self._lock:
            return {key: text for key in keys if (text := self._touch((name, *scope, *key))) is not None}

    def _touch(self, full_key: tuple) -> str | None:
        """The text kept under ``full_key``, now the most recently used (the caller holds the lock)."""
        text = self._items.get(full_key)
        if text is not None:
            self._items.move_to_end(full_key)
        return text

    def get_or_render(self, name: str, key: tuple, render) -> str:
        """``render()``'s text for ``name`` and ``key`` on today's date in the active language,
        rendered once and then kept (0 ``FRAGMENT_CACHE_CHARS``: never kept)."""
        full_key = (name, *self._scope(), *key)
        with self._lock:
            text = self._touch(full_key)
        if text is not None:
            return text
        text = render()
        if len(text) > self.max_chars:
            return text
        with self._lock:
            if full_key not in self._items:
                self._items[full_key] = text
                self._chars += len(text)
                while self._chars > self.max_chars:
                    _key, dropped = self._items.popitem(last=False)
                    self._chars -= len(dropped)
        return text

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0

    def __len__(self):
        return len(self._items)


def fragments_if_version_read():
    """The shared fragments when this request has already read the content version (the
    product list and page do, for their lookups), else None: a page that reads no version (a
    village's, a producer's) renders its cards afresh rather than spend a query on the version."""
    from catalogue.filters import CatalogueLookups
    from ocop_site import page_cache

    if not page_cache.version_already_read():
        return None
    return CatalogueLookups.shared().fragments


# A product card's pieces are kept under this name and the product's id.
PRODUCT_CARD = "product-card"


class KeptCard:
    """A product whose card this worker has rendered already (same version, day and language),
    standing in for the product on a list page, which shows nothing of it but the card: the
    list reads from the database only the products whose cards it has not got. Anything else
    asked of it (a name, a code) reads the product then, as a lazy object would: one query, so
    a page that did it would fail its query budget (tests/speed)."""

    __slots__ = ("pk", "html", "_product")

    def __init__(self, pk: int, html: str):
        self.pk, self.html, self._product = pk, html, None

    def __getattr__(self, name):
        if name.startswith("__"):  # copy, pickle and the like: not a product's business
            raise AttributeError(name)
        if self._product is None:
            from catalogue.models import Product

            self._product = Product.objects.for_cards().get(pk=self.pk)
        return getattr(self._product, name)

    def __repr__(self):
        return f"<KeptCard {self.pk}>"


def kept_cards(pks) -> dict[int, KeptCard]:
    """{id: KeptCard} for those of the products ``pks`` whose cards are kept (none when this
    request has not read the content version)."""
    fragments = fragments_if_version_read()
    if fragments is None:
        return {}
    found = fragments.kept(PRODUCT_CARD, [(pk,) for pk in pks])
    return {key[0]: KeptCard(key[0], html) for key, html in found.items()}
