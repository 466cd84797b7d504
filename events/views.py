"""Public event pages, calendar files and feeds. Query logic lives on EventQuerySet."""

import calendar
import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext, gettext_lazy as _

from catalogue.models import Product
from catalogue.text import xml_text

from .filters import EventFilter
from .ical import build_calendar
from .models import Booth, Event
from .templatetags.events_tags import event_when
from .timing import hanoi_today

EVENTS_PER_PAGE = 20
# Pages that show "in 3 days" / "starts today at 18:00" go stale within the day.
STATE_MAX_AGE = 300


def _past_years(today):
    """Years that have past public events, newest first."""
    years = Event.objects.published().past(today).dates("end_date", "year", order="DESC")
    return [d.year for d in years]


def event_list(request):
    """Upcoming and ongoing events, soonest first; with ``from``/``to``, every event in the range."""
    today = hanoi_today()
    filterset = EventFilter(request.GET, queryset=Event.objects.published().for_cards())
    context = {"filter": filterset, "past_years": _past_years(today), "today": today}
    if not filterset.is_valid():
        response = render(request, "events/event_list.html", context, status=400)
        return response
    events = filterset.qs
    if filterset.has_date_range:
        events = events.order_by("start_date", "start_time", "pk")
    else:
        events = events.current(today)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context.update(page_obj=page, events=page.object_list, has_date_range=filterset.has_date_range)
    response = render(request, "events/event_list.html", context)
    patch_cache_control(response, max_age=STATE_MAX_AGE)
    return response


def past_events(request, year: int):
    today = hanoi_today()
    if not 2000 <= year <= today.year:
        raise Http404
    events = Event.objects.published().past(today).in_year(year).for_cards()
    return render(request, "events/event_archive_year.html", {
        "year": year, "events": events, "past_years": _past_years(today),
    })


def event_calendar(request, year: int | None = None, month: int | None = None):
    """A month as a table of weeks (Monday first), each day listing the events on it."""
    today = hanoi_today()
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= today.year + 5 and 1 <= month <= 12):
        raise Http404
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = list(Event.objects.published().overlapping(first, last).order_by("start_date", "start_time", "pk"))
    rows = [
        [{"date": day, "in_month": day.month == month, "is_today": day == today,
          "events": [e for e in events if e.start_date <= day <= e.end_date]} for day in week]
        for week in weeks
    ]
    month_start = datetime.date(year, month, 1)
    month_end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    previous = month_start - datetime.timedelta(days=1)
    following = month_end + datetime.timedelta(days=1)
    context = {
        "year": year, "month": month, "weeks": rows,
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "month_start": month_start,
        "previous": previous if previous.year >= 2000 else None,
        "next": following if following.year <= today.year + 5 else None,
        "month_events": [e for e in events if e.end_date >= month_start and e.start_date <= month_end],
    }
    return render(request, "events/event_calendar.html", context)


def _visible_events(request):
    """Published events; staff also see drafts (to preview them before publishing)."""
    if request.user.is_authenticated and request.user.is_staff:
        return Event.objects.all()
    return Event.objects.published()


def event_detail(request, slug: str):
    event = get_object_or_404(_visible_events(request).select_related("area", "venue_showroom"), slug=slug)
    booths = (
        Booth.objects.filter(event=event)
        .select_related("producer", "producer__area")
        .prefetch_related(Prefetch(
            "featured_products",
            queryset=Product.objects.listed().select_related("category").order_by("sort_name", "pk"),
        ))
    )
    response = render(request, "events/event_detail.html", {"event": event, "booths": booths})
    patch_cache_control(response, max_age=STATE_MAX_AGE)
    return response


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request, slug: str):
    event = get_object_or_404(Event.objects.published().select_related("area"), slug=slug)
    content = build_calendar([event], name=event.name, base_url=request.build_absolute_uri("/")[:-1])
    return _ics_response(content, f"{event.slug}.ics", attachment=True)


def events_ics_feed(request):
    """Every upcoming and ongoing public event, for calendar subscriptions."""
    events = Event.objects.published().current(hanoi_today()).select_related("area")
    content = build_calendar(events, name=gettext("OCOP Hà Nội events"),
                             base_url=request.build_absolute_uri("/")[:-1])
    return _ics_response(content, "ocop-hanoi-events.ics", attachment=False)


class NewEventsFeed(Feed):
    """Events as they are published, newest first (RSS 2.0; the Atom subclass below)."""

    feed_type = Rss201rev2Feed
    title = _("New OCOP events in Hà Nội")
    description = _("Fairs, OCOP weeks, exhibitions and showcase spaces for Hanoi OCOP products.")
    author_name = "OCOP Hà Nội"  # Atom requires an author for the feed (RFC 4287, 4.1.1)

    def link(self):
        return reverse("events:event_list")

    def items(self):
        return Event.objects.published().select_related("area").order_by("-published_at", "-pk")[:30]

    # Every text from staff goes through xml_text(): one control character pasted into one
    # event made the whole feed a server error.
    def item_title(self, item):
        return xml_text(item.name)

    def item_description(self, item):
        """HTML (escaped text): when and where, then the description's paragraphs."""
        where = ", ".join(p for p in [item.venue_name, item.venue_address,
                                      item.area.full_name if item.area_id else ""] if p)
        html = format_html("<p>{} · {}</p>", event_when(item), where) + linebreaks(item.description, autoescape=True)
        return xml_text(html)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class NewEventsAtomFeed(NewEventsFeed):
    feed_type = Atom1Feed
    subtitle = NewEventsFeed.description
