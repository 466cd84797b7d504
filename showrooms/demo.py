"""Demo showrooms (fixtures/showrooms.json), loaded idempotently: a missing showroom is created
with its hours, exceptions, producers and product groups; one that exists is left exactly as it
is (staff may have edited it, its hours or its product list), so a second run changes nothing.

Showrooms are matched by slug. They carry the demo catalogue's producers of the areas listed in
the fixture ("*": every producer), so the links follow whatever catalogue demo is loaded; with
no catalogue loaded they carry only their product groups.

The fixture also gives plausible centres for the areas the demo showrooms are in, so "near
Phường Tây Hồ" works without geolocation. A centre already entered by staff is kept.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from catalogue.models import Area, Category, Producer

from .models import OpeningException, OpeningHours, Showroom

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "showrooms.json"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass
class DemoSummary:
    created: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)  # there already: left as staff keep them
    area_centres_set: int = 0

    def __str__(self):
        return (f"Showrooms: {len(self.created)} created, {len(self.unchanged)} already there (left as they "
                f"are); {self.area_centres_set} area centres filled in.")


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _weekly_rows(template: dict) -> set:
    rows = set()
    for weekday, name in enumerate(WEEKDAYS):
        for interval in template.get(name, []):
            opens, closes = interval.split("-")
            rows.add((weekday, _time(opens), _time(closes)))
    return rows


def _exception_rows(entry: dict, data: dict) -> set:
    rows = set()
    if entry.get("tet"):
        tet = data["tet_closure"]
        rows.add((_date(tet["from"]), _date(tet["to"]), None, None, tet["note"], tet.get("note_en", "")))
    for special in entry.get("specials", []):
        rows.add((_date(special["from"]), _date(special["to"]), _time(special["opens"]),
                  _time(special["closes"]), special["note"], special.get("note_en", "")))
    return rows


def _area(slug: str) -> Area:
    try:
        return Area.objects.get(slug=slug)
    except Area.DoesNotExist:
        raise ValueError(f"fixtures/showrooms.json names an unknown area {slug!r}") from None


@transaction.atomic
def load_showrooms_demo(path: Path = FIXTURE) -> DemoSummary:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    summary = DemoSummary()

    for slug, (lat, lon) in data["area_centres"].items():
        area = _area(slug)
        if area.latitude is None or area.longitude is None:
            area.latitude, area.longitude = lat, lon
            area.save(update_fields=["latitude", "longitude"])
            summary.area_centres_set += 1

    groups = {c.code: c for c in Category.objects.filter(parent__isnull=True)}
    for entry in data["showrooms"]:
        fields = {
            "name_vi": entry["name"],
            "name_en": entry.get("name_en", ""),
            "kind": entry["kind"],
            "address_vi": entry["address"],
            "address_en": entry.get("address_en", ""),
            "area": _area(entry["area"]),
            "latitude": entry["lat"],
            "longitude": entry["lon"],
            "phone": entry.get("phone", ""),
            "email": entry.get("email", ""),
            "website": entry.get("website", ""),
            "description_vi": entry.get("description", ""),
            "description_en": entry.get("description_en", ""),
            "is_active": True,
        }
        showroom = Showroom.objects.filter(slug=entry["slug"]).first()
        if showroom is not None:
            summary.unchanged.append(showroom)
            continue
        showroom = Showroom(slug=entry["slug"], **fields)
        showroom.full_clean()
        showroom.save()
        summary.created.append(showroom)
        OpeningHours.objects.bulk_create(
            OpeningHours(showroom=showroom, weekday=w, opens=o, closes=c)
            for w, o, c in sorted(_weekly_rows(data["week_templates"][entry["hours"]]))
        )
        for date_from, date_to, opens, closes, note_vi, note_en in sorted(_exception_rows(entry, data),
                                                                           key=lambda r: r[0]):
            OpeningException.objects.create(showroom=showroom, date_from=date_from, date_to=date_to,
                                            opens=opens, closes=closes, note_vi=note_vi, note_en=note_en)
        producer_areas = entry.get("producer_areas", [])
        producers = Producer.objects.all() if producer_areas == "*" else Producer.objects.filter(
            area__slug__in=producer_areas)
        showroom.producers.set(producers.values_list("pk", flat=True))
        showroom.categories.set([groups[code].pk for code in entry.get("groups", []) if code in groups])
    return summary
