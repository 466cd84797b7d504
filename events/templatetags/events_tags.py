"""Event dates for templates, and the small queries behind the includes other pages embed
("Meet them at" on producer/product pages, "Next events" on the home page): one query each."""

import datetime

from django import template
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format

from events.models import Booth, Event
from events.timing import hanoi_today

register = template.Library()


@register.filter
def event_when(event: Event) -> str:
    """The dates (and times) of ``event`` in one short line, in the page's language."""
    # One style in both languages (ocop_site/formats/): "01/10 – 05/10/2025".
    short, full = "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT"
    start = date_format(event.start_date, full if event.start_date.year != event.end_date.year else short)
    end = date_format(event.end_date, full)
    times = ""
    if event.start_time:
        times = event.start_time.strftime("%H:%M")
        if event.end_time:
            times += "–" + event.end_time.strftime("%H:%M")
    if event.is_single_day:
        return f"{end}, {times}" if times else end
    if event.start_time:
        first = f"{start} {event.start_time:%H:%M}"
        last = f"{end} {event.end_time:%H:%M}" if event.end_time else end
        return f"{first} – {last}"
    return f"{start} – {end}"


@register.filter
def event_state(event: Event):
    """The event's state now (upcoming "in 3 days", today, ongoing, ended) for a badge."""
    return event.state()


@register.simple_tag
def booths_to_meet(producer=None, product=None, limit=5):
    """Upcoming and ongoing public events where ``producer`` (or ``product``'s producer)
    exhibits, soonest first, each booth with ``features_product`` when a product is given."""
    producer, product = producer or None, product or None  # "" when the include got neither
    producer_id = getattr(producer, "pk", None) or getattr(product, "producer_id", None)
    if not producer_id:
        return []
    booths = (
        Booth.objects.filter(producer_id=producer_id, event__is_published=True,
                             event__end_date__gte=hanoi_today())
        .select_related("event", "event__area")
        # What meet_them_at.html shows: the event's link, name, dates and venue, the booth's label.
        # (modeltranslation widens only() to the _vi/_en columns on the booth, not across a join.)
        .only("label", "event", "event__slug", "event__name_vi", "event__name_en", "event__start_date",
              "event__end_date", "event__start_time", "event__end_time", "event__venue_name_vi",
              "event__venue_name_en", "event__area", "event__area__name", "event__area__kind")
        .order_by("event__start_date", "event__start_time", "event__pk")
    )
    if product is not None:
        featured = Booth.featured_products.through.objects.filter(booth=OuterRef("pk"), product=product)
        booths = booths.annotate(features_product=Exists(featured))
    return list(booths[:limit])


@register.simple_tag
def next_events(limit=3):
    """The next public events (ongoing ones included), soonest first."""
    return list(Event.objects.published().current(hanoi_today()).for_cards()[:limit])


@register.simple_tag
def events_in_area(area, latitude=None, longitude=None, limit=6, km=2):
    """Public events held at a place (a craft village's page): in its ward/commune, or with a
    venue within about ``km`` of its point; newest first. One query."""
    from django.db.models import Q

    where = Q(area=area) if area else Q(pk__in=[])
    if latitude not in (None, "") and longitude not in (None, ""):
        from decimal import Decimal

        dlat = Decimal(km / 111.0)  # degrees of latitude per km; longitude near 21° N is close
        lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
        where |= Q(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlat, lon + dlat))
    return list(Event.objects.published().filter(where).for_cards().order_by("-start_date", "-pk")[:limit])


@register.simple_tag
def month_name(year: int, month: int) -> str:
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
