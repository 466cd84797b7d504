"""iCalendar (RFC 5545) files for events, built with the ``icalendar`` package.

- All-day events use DATE values with an *exclusive* DTEND: 1–5 October is
  ``DTSTART;VALUE=DATE:20251001`` / ``DTEND;VALUE=DATE:20251006``.
- Timed events carry ``TZID=Asia/Ho_Chi_Minh`` and the calendar includes the matching VTIMEZONE,
  so calendar apps anywhere show the right local time.
- UIDs are stable (``event-<pk>@ocop-hanoi``): re-importing or re-subscribing updates an entry
  instead of duplicating it. DTSTAMP/LAST-MODIFIED come from the event's last edit, so the same
  event gives the same bytes until staff change it.
"""

import datetime

import icalendar
from django.utils import translation
from django.utils.translation import gettext

from .models import Event

PRODID = "-//OCOP Ha Noi//Events//VI"
UID_DOMAIN = "ocop-hanoi"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def location_text(event: Event) -> str:
    parts = [event.venue_name, event.venue_address]
    if event.area_id:
        parts.append(event.area.full_name)
    parts.append("Hà Nội")
    return ", ".join(p for p in parts if p)


def event_component(event: Event, *, base_url: str = "") -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    if event.published_at:
        component.add("created", event.published_at)
    component.add("summary", event.name)
    if event.is_all_day:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + datetime.timedelta(days=1))
    else:
        component.add("dtstart", event.starts_at)
        component.add("dtend", event.ends_at)
    component.add("location", location_text(event))
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    description = [event.description]
    if event.organisers:
        description.append(gettext("Organisers: %(organisers)s") % {"organisers": event.organisers})
    url = base_url + event.get_absolute_url() if base_url else ""
    if url:
        description.append(url)
        component.add("url", url)
    component.add("description", "\n\n".join(p for p in description if p))
    component.add("categories", [str(event.get_kind_display())])
    component.add("status", "CONFIRMED")
    component.add("transp", "TRANSPARENT")  # a fair does not make the visitor busy all day
    return component


def build_calendar(events, *, name: str, base_url: str = "") -> bytes:
    """One VCALENDAR with a VEVENT per event (and a VTIMEZONE if any event has times)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # One line: icalendar escapes line breaks in known text properties but not in X- ones, and
    # refuses to write them raw (an event name with a line break was a server error).
    calendar.add("x-wr-calname", " ".join(name.split()))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    lang = (translation.get_language() or "vi").split("-")[0]
    calendar.add("x-wr-caldesc", gettext("Fairs and events for Hanoi OCOP products"),
                 parameters={"LANGUAGE": lang})
    for event in events:
        calendar.add_component(event_component(event, base_url=base_url))
    # Vietnam has kept UTC+7 without daylight saving since 1975: one STANDARD block is enough.
    calendar.add_missing_timezones(first_date=datetime.date(2000, 1, 1))
    return calendar.to_ical()
