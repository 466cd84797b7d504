"""What visitors see: the event list, filters, past years, the calendar and an event's page."""

import datetime

import pytest
from django.test import Client

from events.models import Event
from events.timing import hanoi_today
from tests.factories import BoothFactory, EventFactory, ProductFactory, area, certified_product

pytestmark = pytest.mark.django_db

D = datetime.date
days = datetime.timedelta


@pytest.fixture
def today():
    return hanoi_today()


@pytest.fixture
def events(today):
    return {
        "soon": EventFactory(name_vi="Hội chợ Tết Đinh Mùi", kind=Event.Kind.FAIR,
                             start_date=today + days(3), end_date=today + days(9),
                             area=area("phuong-viet-hung"), venue_name="Làng Lệ Mật"),
        "later": EventFactory(name_vi="Tuần lễ OCOP Hà Nội", name_en="Hanoi OCOP Week", kind=Event.Kind.OCOP_WEEK,
                              start_date=today + days(40), end_date=today + days(44)),
        "now": EventFactory(name_vi="Không gian trưng bày OCOP", kind=Event.Kind.SHOWCASE,
                            start_date=today - days(30), end_date=today + days(300)),
        "past": EventFactory(name_vi="Tuần lễ Hợp tác xã 2025", kind=Event.Kind.FAIR,
                             start_date=D(2025, 10, 1), end_date=D(2025, 10, 5)),
        "draft": EventFactory(name_vi="Bản nháp chưa công khai", is_published=False,
                              start_date=today + days(5), end_date=today + days(6)),
    }


def listed(response):
    return [e.name_vi for e in response.context["events"]]


def test_list_shows_ongoing_and_upcoming_soonest_first_and_links_past_years(client, events):
    response = client.get("/events/")
    assert response.status_code == 200
    assert listed(response) == ["Không gian trưng bày OCOP", "Hội chợ Tết Đinh Mùi", "Tuần lễ OCOP Hà Nội"]
    assert "Bản nháp" not in response.text and "Tuần lễ Hợp tác xã 2025" not in response.text
    assert 'href="/events/past/2025/"' in response.text
    assert "còn 3 ngày" in response.text.lower() and "đang diễn ra" in response.text.lower()
    english = client.get("/en/events/")
    assert "Hanoi OCOP Week" in english.text and "In 3 days" in english.text


def test_past_events_by_year(client, events):
    response = client.get("/events/past/2025/")
    assert response.status_code == 200
    assert [e.name_vi for e in response.context["events"]] == ["Tuần lễ Hợp tác xã 2025"]
    assert "đã kết thúc" in response.text.lower()
    assert client.get("/events/past/1999/").status_code == 404
    assert client.get("/events/past/99999/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=ocop_week", ["Tuần lễ OCOP Hà Nội"]),
        ("?area=phuong-viet-hung", ["Hội chợ Tết Đinh Mùi"]),
        ("?q=tet+dinh+mui", ["Hội chợ Tết Đinh Mùi"]),  # accent-free search
        ("?q=LỆ+MẬT", ["Hội chợ Tết Đinh Mùi"]),  # venue, any case
        ("?q=viet+hung", ["Hội chợ Tết Đinh Mùi"]),  # area name
        ("?q=xyzzy", []),
    ],
)
def test_filters(client, events, query, expected):
    response = client.get("/events/" + query)
    assert response.status_code == 200
    assert listed(response) == expected


def test_date_range_includes_past_events_in_it(client, events):
    response = client.get("/events/?from=2025-10-03&to=2025-10-10")
    assert listed(response) == ["Tuần lễ Hợp tác xã 2025"]
    response = client.get("/events/?from=2025-10-06&to=2025-10-10&kind=fair")
    assert listed(response) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_date_boxes_are_typed_and_shown_day_first_in_any_browser(client, events, prefix):
    response = client.get(prefix + "/events/?from=03/10/2025&to=10/10/2025")
    assert listed(response) == ["Tuần lễ Hợp tác xã 2025"]  # 3 to 10 October, not 10 March
    text = response.text
    # A text box, not the browser's picker (month first in a US-English browser), with its hint.
    assert 'name="from" value="03/10/2025"' in text and 'type="date"' not in text
    assert 'aria-describedby="id_from_helptext"' in text
    assert ("NN/TT/NNNN" if not prefix else "DD/MM/YYYY, e.g. 05/11/2026") in text
    # An older link's ISO dates still filter the same.
    assert listed(client.get(prefix + "/events/?from=2025-10-03&to=2025-10-10")) == ["Tuần lễ Hợp tác xã 2025"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-12-10&to=2026-12-01", "The “from” date must be on or before the “to” date."),
        ("?from=10/12/abc", "Enter a valid date, day first"),
        ("?to=2026-13-45", "Enter a valid date, day first"),
        ("?kind=circus", "Select a valid choice."),
        ("?area=nowhere", "Select a valid choice."),
    ],
)
def test_bad_filters_give_a_clear_message_not_an_error(client, events, query, message):
    response = client.get("/en/events/" + query)
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text


def test_bad_filter_message_names_the_field_in_the_page_language(client, events):
    response = client.get("/events/?kind=circus")
    assert response.status_code == 400
    assert "<li>Loại: " in response.text


def test_garbage_page_number_is_not_an_error(client, events):
    assert client.get("/events/?page=abc").status_code == 200
    assert client.get("/events/?page=999").status_code == 200


def test_event_page_shows_when_where_exhibitors_and_calendar_link(client, events):
    event = events["soon"]
    booth = BoothFactory(event=event, label="B12", producer__name="HTX Nông nghiệp Lệ Mật")
    listed_product = certified_product(stars=4, producer=booth.producer, name_vi="Rượu thuốc Lệ Mật")
    hidden_product = ProductFactory(producer=booth.producer, name_vi="Sản phẩm chưa chứng nhận")
    booth.featured_products.add(listed_product, hidden_product)
    BoothFactory(event=event, label="B2", producer__name="Cơ sở Gốm Bát Tràng")

    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Hội chợ Tết Đinh Mùi" in text and "còn 3 ngày" in text.lower()
    assert "Làng Lệ Mật" in text and "Phường Việt Hưng" in text and "openstreetmap.org" in text
    assert f'href="/events/{event.slug}.ics"' in text
    assert text.index("Cơ sở Gốm Bát Tràng") < text.index("HTX Nông nghiệp Lệ Mật")  # B2 before B12
    assert "B12" in text and "Rượu thuốc Lệ Mật" in text
    assert "Sản phẩm chưa chứng nhận" not in text  # only publicly listed products


def test_drafts_are_hidden_from_visitors_but_staff_can_preview(client, staff_client, events):
    url = events["draft"].get_absolute_url()
    assert Client().get(url).status_code == 404
    assert Client().get(f"/events/{events['draft'].slug}.ics").status_code == 404
    preview = staff_client.get(url)
    assert preview.status_code == 200
    assert "Bản nháp chưa công khai" in preview.text and "message-warning" in preview.text


def test_event_page_with_100_booths_has_bounded_queries(client, django_assert_max_num_queries, today):
    event = EventFactory(start_date=today + days(1), end_date=today + days(5))
    for n in range(100):
        booth = BoothFactory(event=event, label=f"{n + 1}")
        booth.featured_products.add(*[certified_product(producer=booth.producer) for _ in range(2)])
    with django_assert_max_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == 100


def test_list_queries_do_not_grow_with_events(client, django_assert_max_num_queries, today):
    for n in range(25):
        EventFactory(start_date=today + days(n), end_date=today + days(n + 1))
    with django_assert_max_num_queries(6):
        assert client.get("/events/").status_code == 200


def test_month_calendar(client, events, today):
    response = client.get(f"/en/events/calendar/{events['soon'].start_date.year}/{events['soon'].start_date.month}/")
    assert response.status_code == 200
    assert "Hội chợ Tết Đinh Mùi" in response.text
    assert client.get("/events/calendar/").status_code == 200
    assert client.get("/events/calendar/2025/13/").status_code == 404
    assert client.get("/events/calendar/1900/1/").status_code == 404
    october = client.get("/events/calendar/2025/10/")
    assert october.text.count("Tuần lễ Hợp tác xã 2025") >= 5  # one per day, plus the month list
