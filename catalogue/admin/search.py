"""Accent-insensitive admin search.

Staff type "bat trang", "Bát Tràng" or "BÁT TRÀNG" and expect the same rows. The big tables keep
accent-free, lower-case copies of their names (``search_name``/``search_text``, filled on save
with ``catalogue.text.normalize_search``), so the admin normalises the typed term the same way and
matches it against those columns with a plain ``contains`` -- which PostgreSQL answers from the
trigram indexes of migration 0002. Codes and certificate numbers are matched as typed.
"""

from django.db.models import Q

from catalogue.text import normalize_search


class AccentInsensitiveSearchMixin:
    """``search_fields`` name accent-free, lower-case columns (e.g. ``search_name__contains``);
    they are searched with the normalised term, word by word as Django does."""

    #: Columns matched case-insensitively against the term exactly as typed (codes, numbers).
    raw_search_fields: tuple[str, ...] = ()

    def normalize_term(self, search_term: str) -> str:
        return normalize_search(search_term)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        matches, may_have_duplicates = super().get_search_results(
            request, queryset, self.normalize_term(term)
        )
        if self.raw_search_fields:
            raw = Q()
            for field in self.raw_search_fields:
                raw |= Q(**{f"{field}__icontains": term})
            matches = matches | queryset.filter(raw)
        return matches, may_have_duplicates


class SmallTableSearchMixin:
    """Accent-insensitive search for the reference tables (126 areas, 30 districts, 40 categories).

    They have no normalised column for every field staff search on, and are small enough to
    match in Python: the rows whose ``search_haystack`` contains every word typed.
    """

    search_fields = ("pk",)  # only so the admin shows the search box and allows autocomplete

    def search_haystack(self, obj) -> str:
        return str(obj)

    def get_search_results(self, request, queryset, search_term):
        words = normalize_search(search_term).split()
        if not words:
            return queryset, False
        pks = [
            obj.pk
            for obj in queryset.model._default_manager.all()
            if all(word in normalize_search(self.search_haystack(obj)) for word in words)
        ]
        return queryset.filter(pk__in=pks), False
