"""Demo fairs and events (events/data/demo-events.json), with booths for the demo producers.

Idempotent: events are keyed by slug. A missing event is created with its booths; an event that
exists is left exactly as it is, booths included (staff may have moved, removed or added them), so
loading again changes nothing that staff or an import changed. Run after the catalogue's demo so
there are producers to exhibit (without them, events load with no booths).
"""

import datetime
import json
import logging
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from catalogue.models import Area, Producer, Product

from .models import Booth, Event
from .services import _bump_years
from .timing import add_years, hanoi_today

logger = logging.getLogger(__name__)

DEMO_PATH = Path(__file__).resolve().parent / "data" / "demo-events.json"
FEATURED_PER_BOOTH = 2


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _time(value):
    return datetime.time.fromisoformat(value) if value else None


def _years_to_keep_upcoming(record, today) -> int:
    """Whole years to move an "upcoming" demo event so it has not ended by ``today``."""
    years, end = 0, _date(record["end_date"])
    while add_years(end, years) < today:
        years += 1
    return years


def _exhibitors(record):
    """The demo producers who get a booth at this event, in a stable order."""
    rule, limit = record.get("booths"), record.get("max_booths", 30)
    if not rule:
        return []
    producers = Producer.objects.order_by("sort_name", "pk")
    listed = Product.objects.listed().filter(producer=OuterRef("pk"))
    if rule == "all":
        producers = producers.filter(Exists(listed))
    elif rule == "stars":
        producers = producers.filter(Exists(listed.filter(rating_stars__gte=record.get("min_stars", 4))))
    elif isinstance(rule, dict) and "groups" in rule:
        producers = producers.filter(Exists(listed.filter(category__group_code__in=rule["groups"])))
    elif isinstance(rule, list):
        producers = producers.filter(slug__in=rule)
    return list(producers[:limit])


def _showroom(slug):
    """The demo showroom used as venue, when the showrooms app has it (and the field exists)."""
    if not slug or not any(f.name == "venue_showroom" for f in Event._meta.get_fields()):
        return None
    Showroom = apps.get_model("showrooms", "Showroom")
    return Showroom.objects.filter(slug=slug).first()


@transaction.atomic
def load_events_demo(*, path: Path = DEMO_PATH, today: datetime.date | None = None) -> dict:
    """Create the demo events that do not exist yet, with their booths. Returns counts."""
    today = today or hanoi_today()
    records = json.loads(Path(path).read_text(encoding="utf-8"))["events"]
    counts = {"events": 0, "booths": 0}
    for record in records:
        years = _years_to_keep_upcoming(record, today) if record.get("upcoming") else 0
        slug = _bump_years(record["slug"], years)
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            area = Area.objects.filter(slug=record.get("area")).first() if record.get("area") else None
            event = Event(
                slug=slug,
                name_vi=_bump_years(record["name_vi"], years),
                name_en=_bump_years(record.get("name_en", ""), years),
                kind=record["kind"],
                start_date=add_years(_date(record["start_date"]), years),
                end_date=add_years(_date(record["end_date"]), years),
                start_time=_time(record.get("start_time")),
                end_time=_time(record.get("end_time")),
                venue_name_vi=record["venue_name"],
                venue_name_en=record.get("venue_name_en", ""),
                venue_address_vi=record.get("venue_address", ""),
                venue_address_en=record.get("venue_address_en", ""),
                area=area,
                organisers_vi=record.get("organisers", ""),
                organisers_en=record.get("organisers_en", ""),
                description_vi=record.get("description_vi", ""),
                description_en=record.get("description_en", ""),
                is_published=record.get("published", True),
            )
            showroom = _showroom(record.get("showroom"))
            if showroom is not None:
                event.venue_showroom = showroom
            event.full_clean()
            event.save()
            counts["events"] += 1
            counts["booths"] += _add_booths(event, record)
    logger.info("events demo: %(events)d events and %(booths)d booths created", counts)
    return counts


def _add_booths(event, record) -> int:
    have = set(event.booths.values_list("producer_id", flat=True))
    taken = set(event.booths.exclude(label="").values_list("label", flat=True))
    prefix = "A" if event.kind != Event.Kind.SEMINAR else "S"
    created, number = 0, 0
    for producer in _exhibitors(record):
        if producer.pk in have:
            continue
        number += 1
        while f"{prefix}{number}" in taken:
            number += 1
        booth = Booth.objects.create(event=event, producer=producer, label=f"{prefix}{number}")
        taken.add(booth.label)
        featured = Product.objects.listed().filter(producer=producer).order_by("-rating_stars", "sort_name")
        booth.featured_products.set(featured[:FEATURED_PER_BOOTH])
        created += 1
    return created
