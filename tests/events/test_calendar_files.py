"""The .ics files and the news feeds, read back the way calendar apps and feed readers do."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events.timing import hanoi_today
from tests.factories import EventFactory, area

pytestmark = pytest.mark.django_db

D = datetime.date
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_multi_day_all_day_event_has_an_exclusive_end_date(client):
    event = EventFactory(
        name_vi="Tuần lễ Hợp tác xã, sản phẩm OCOP và làng nghề Hà Nội 2025",
        start_date=D(2025, 10, 1), end_date=D(2025, 10, 5),
        venue_name="Làng Lệ Mật", venue_address="Phường Việt Hưng", area=area("phuong-viet-hung"),
        organisers="Liên minh Hợp tác xã Thành phố Hà Nội",
    )
    response = client.get(f"/events/{event.slug}.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar, (vevent,) = parse_ics(response)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert vevent["UID"] == f"event-{event.pk}@ocop-hanoi"
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert type(start) is datetime.date and type(end) is datetime.date  # DATE values, not times
    assert (start, end) == (D(2025, 10, 1), D(2025, 10, 6))  # DTEND is the day after the last
    assert b"DTSTART;VALUE=DATE:20251001" in response.content
    assert str(vevent["SUMMARY"]) == "Tuần lễ Hợp tác xã, sản phẩm OCOP và làng nghề Hà Nội 2025"
    assert "Làng Lệ Mật" in str(vevent["LOCATION"]) and "Phường Việt Hưng" in str(vevent["LOCATION"])
    assert "Liên minh Hợp tác xã" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == f"http://testserver/events/{event.slug}/"


def test_single_day_event_ends_the_next_day(client):
    event = EventFactory(name_vi="Khai trương không gian OCOP", start_date=D(2025, 10, 24), end_date=D(2025, 10, 24))
    _calendar, (vevent,) = parse_ics(client.get(f"/events/{event.slug}.ics"))
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (D(2025, 10, 24), D(2025, 10, 25))


def test_timed_event_carries_the_hanoi_time_zone(client):
    event = EventFactory(name_vi="Hội thảo kết nối OCOP", start_date=D(2025, 10, 24), end_date=D(2025, 10, 24),
                         start_time=datetime.time(8, 30), end_time=datetime.time(11, 30))
    response = client.get(f"/events/{event.slug}.ics")
    calendar, (vevent,) = parse_ics(response)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20251024T083000" in response.content
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == datetime.datetime(2025, 10, 24, 8, 30, tzinfo=HANOI)
    assert end == datetime.datetime(2025, 10, 24, 11, 30, tzinfo=HANOI)
    assert start.astimezone(datetime.timezone.utc).hour == 1  # 08:30 in Hà Nội is 01:30 UTC
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Asia/Ho_Chi_Minh"
    assert b"TZOFFSETTO:+0700" in response.content


def test_multi_day_timed_event_without_end_time_runs_to_midnight_after_the_last_day(client):
    event = EventFactory(start_date=D(2027, 1, 25), end_date=D(2027, 2, 3), start_time=datetime.time(8, 0))
    _calendar, (vevent,) = parse_ics(client.get(f"/events/{event.slug}.ics"))
    assert vevent.decoded("DTSTART") == datetime.datetime(2027, 1, 25, 8, 0, tzinfo=HANOI)
    assert vevent.decoded("DTEND") == datetime.datetime(2027, 2, 4, 0, 0, tzinfo=HANOI)


def test_uid_and_bytes_are_stable_between_downloads(client):
    event = EventFactory()
    first = client.get(f"/events/{event.slug}.ics").content
    assert client.get(f"/events/{event.slug}.ics").content == first


def test_feed_ics_lists_upcoming_and_ongoing_public_events(client):
    today = hanoi_today()
    EventFactory(name_vi="Hội chợ Tết", start_date=today + datetime.timedelta(days=60),
                 end_date=today + datetime.timedelta(days=66))
    EventFactory(name_vi="Đang diễn ra", start_date=today - datetime.timedelta(days=1), end_date=today)
    EventFactory(name_vi="Đã qua", start_date=D(2025, 1, 1), end_date=D(2025, 1, 2))
    EventFactory(name_vi="Nháp", is_published=False)
    response = client.get("/events/feed.ics")
    assert response["Content-Disposition"] == 'inline; filename="ocop-hanoi-events.ics"'
    calendar, vevents = parse_ics(response)
    assert sorted(str(v["SUMMARY"]) for v in vevents) == ["Hội chợ Tết", "Đang diễn ra"]
    assert len({str(v["UID"]) for v in vevents}) == 2
    assert not calendar.walk("VTIMEZONE")  # all-day events only: no time zone needed


def test_atom_feed_lists_new_events_newest_first(client):
    EventFactory(name_vi="Tuần lễ OCOP 2026")
    EventFactory(name_vi="Hội chợ Tết Đinh Mùi 2027", venue_name="Hoàng thành Thăng Long")
    EventFactory(name_vi="Nháp", is_published=False)
    response = client.get("/events/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    # What RFC 4287 requires of a feed: id, title, updated, and an author.
    assert root.find(f"{ATOM}id").text == "http://testserver/events/"
    assert root.find(f"{ATOM}updated").text and root.find(f"{ATOM}author/{ATOM}name").text == "OCOP Hà Nội"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Hội chợ Tết Đinh Mùi 2027", "Tuần lễ OCOP 2026"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").startswith("http://testserver/events/hoi-cho-tet-dinh-mui-2027")
    assert "Hoàng thành Thăng Long" in first.find(f"{ATOM}summary").text
    assert first.find(f"{ATOM}id").text == first.find(f"{ATOM}link").get("href")  # a stable IRI


def test_rss_feed_is_valid_xml_too(client):
    EventFactory(name_vi="Không gian OCOP")
    response = client.get("/en/events/feed.rss")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.find("title").text == "New OCOP events in Hà Nội"
    assert [i.find("title").text for i in channel.findall("item")] == ["Không gian OCOP"]
