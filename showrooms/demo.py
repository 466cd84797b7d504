"""Demo showrooms (fixtures/showrooms.json), loaded idempotently: a second run changes nothing.

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
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    area_centres_set: int = 0

    def __str__(self):
        return (f"Showrooms: {len(self.created)} created, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged; {self.area_centres_set} area centres filled in.")


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
        if showroom is None:
            showroom = Showroom(slug=entry["slug"], **fields)
            showroom.full_clean()
            showroom.save()
            summary.created.append(showroom)
            changed = True
        else:
            changed = any(getattr(showroom, name) != value for name, value in fields.items())
            if changed:
                for name, value in fields.items():
                    setattr(showroom, name, value)
                showroom.full_clean()
                showroom.save()

        weekly = _weekly_rows(data["week_templates"][entry["hours"]])
        have = {(h.weekday, h.opens, h.closes) for h in showroom.opening_hours.all()}
        if weekly != have:
            showroom.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(showroom=showroom, weekday=w, opens=o, closes=c) for w, o, c in sorted(weekly)
            )
            changed = True

        exceptions = _exception_rows(entry, data)
        have = {(e.date_from, e.date_to, e.opens, e.closes, e.note_vi, e.note_en or "")
                for e in showroom.opening_exceptions.all()}
        if exceptions != have:
            showroom.opening_exceptions.all().delete()
            for date_from, date_to, opens, closes, note_vi, note_en in sorted(exceptions, key=lambda r: r[0]):
                OpeningException.objects.create(showroom=showroom, date_from=date_from, date_to=date_to,
                                                opens=opens, closes=closes, note_vi=note_vi, note_en=note_en)
            changed = True

        producer_areas = entry.get("producer_areas", [])
        producers = Producer.objects.all() if producer_areas == "*" else Producer.objects.filter(
            area__slug__in=producer_areas)
        wanted = set(producers.values_list("pk", flat=True))
        if wanted != set(showroom.producers.values_list("pk", flat=True)):
            showroom.producers.set(wanted)
            changed = True
        wanted = {groups[code].pk for code in entry.get("groups", []) if code in groups}
        if wanted != set(showroom.categories.values_list("pk", flat=True)):
            showroom.categories.set(wanted)
            changed = True

        if showroom not in summary.created:
            (summary.updated if changed else summary.unchanged).append(showroom)
    return summary
