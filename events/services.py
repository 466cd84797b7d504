"""Writes that touch several rows: copying an event (and its booths) as next year's edition."""

import re

from django.db import transaction

from ocop_site.translation import translated_fields

from .models import Booth, Event
from .timing import add_years


def _bump_years(text: str, years: int) -> str:
    """'Tuần lễ OCOP 2025' -> 'Tuần lễ OCOP 2026': four-digit years in names move along too."""
    return re.sub(r"\b(19|20)\d{2}\b", lambda m: str(int(m.group()) + years), text)


@transaction.atomic
def duplicate_as_next_edition(event: Event, *, with_booths: bool = False, years: int = 1) -> Event:
    """A copy of ``event`` ``years`` later, unpublished, with a new slug.

    Dates keep their day and month (29 February becomes 28 February); a year written in the
    name moves along. With ``with_booths`` the exhibitors, their booth labels and featured
    products are copied too, as a starting point for the new edition.
    """
    # Every field carries over (a field added later included) except identity and publication.
    # The per-language columns carry the texts; the untranslated column behind them is skipped.
    skip = {"id", "slug", "is_published", "published_at", "search_text", "created_at", "updated_at",
            *translated_fields(Event)}
    values = {f.attname: getattr(event, f.attname) for f in Event._meta.concrete_fields if f.name not in skip}
    values.update(
        name_vi=_bump_years(event.name_vi, years),
        name_en=_bump_years(event.name_en, years),
        start_date=add_years(event.start_date, years),
        end_date=add_years(event.end_date, years),
        is_published=False,
    )
    copy = Event(**values)
    copy.full_clean()
    copy.save()
    if with_booths:
        for booth in event.booths.prefetch_related("featured_products"):
            new_booth = Booth.objects.create(event=copy, producer_id=booth.producer_id, label=booth.label)
            new_booth.featured_products.set(booth.featured_products.all())
    return copy
