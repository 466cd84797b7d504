"""When is an event upcoming, on, or over — decided by the calendar in Hà Nội."""

import datetime

import pytest
from django.utils import translation

from events.models import Event
from events.timing import add_years, hanoi_today
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
D = datetime.date


def names(qs):
    return [e.name_vi for e in qs]


@pytest.fixture
def october():
    """Three events around 1–5 October 2025."""
    return {
        "before": EventFactory(name_vi="Hội chợ tháng Chín", start_date=D(2025, 9, 20), end_date=D(2025, 9, 22)),
        "week": EventFactory(name_vi="Tuần lễ HTX 2025", start_date=D(2025, 10, 1), end_date=D(2025, 10, 5)),
        "one_day": EventFactory(name_vi="Hội thảo OCOP", start_date=D(2025, 10, 5), end_date=D(2025, 10, 5)),
        "later": EventFactory(name_vi="Không gian OCOP", start_date=D(2025, 10, 24), end_date=D(2025, 10, 24)),
        "much_later": EventFactory(name_vi="Hội chợ Tết", start_date=D(2026, 1, 20), end_date=D(2026, 1, 28)),
    }


def test_upcoming_ongoing_past_split_on_a_given_day(october):
    today = D(2025, 10, 4)
    assert names(Event.objects.upcoming(today)) == ["Hội thảo OCOP", "Không gian OCOP", "Hội chợ Tết"]
    assert names(Event.objects.ongoing(today)) == ["Tuần lễ HTX 2025"]
    assert names(Event.objects.past(today)) == ["Hội chợ tháng Chín"]
    # Current = ongoing and upcoming together, soonest first.
    assert names(Event.objects.current(today)) == [
        "Tuần lễ HTX 2025", "Hội thảo OCOP", "Không gian OCOP", "Hội chợ Tết"]


def test_last_day_is_still_ongoing_and_over_the_day_after(october):
    assert "Tuần lễ HTX 2025" in names(Event.objects.ongoing(D(2025, 10, 5)))
    # Most recent first: both end on the 5th, the one that started later comes first.
    assert names(Event.objects.past(D(2025, 10, 6))) == [
        "Hội thảo OCOP", "Tuần lễ HTX 2025", "Hội chợ tháng Chín"]


def test_late_evening_utc_is_already_the_next_day_in_hanoi(october):
    """23:30 UTC on 4 October is 06:30 on 5 October in Hà Nội: the one-day seminar is on."""
    now = datetime.datetime(2025, 10, 4, 23, 30, tzinfo=UTC)
    today = hanoi_today(now)
    assert today == D(2025, 10, 5)
    assert "Hội thảo OCOP" in names(Event.objects.ongoing(today))
    assert "Hội thảo OCOP" not in names(Event.objects.upcoming(today))
    # Before 17:00 UTC it is still the 4th in Hà Nội.
    assert hanoi_today(datetime.datetime(2025, 10, 4, 16, 59, tzinfo=UTC)) == D(2025, 10, 4)


def test_hanoi_today_ignores_the_server_time_zone(settings, october):
    settings.TIME_ZONE = "America/Los_Angeles"
    now = datetime.datetime(2025, 10, 4, 23, 30, tzinfo=UTC)
    assert hanoi_today(now) == D(2025, 10, 5)
    assert october["week"].state(now).code == "ongoing"


@pytest.mark.parametrize(
    ("now_utc", "code", "label"),
    [
        (datetime.datetime(2025, 9, 27, 12, 0, tzinfo=UTC), "upcoming", "in 4 days"),
        (datetime.datetime(2025, 9, 30, 3, 0, tzinfo=UTC), "upcoming", "tomorrow"),
        (datetime.datetime(2025, 9, 30, 17, 30, tzinfo=UTC), "ongoing", "ongoing"),  # 00:30 on 1 Oct
        (datetime.datetime(2025, 10, 5, 16, 59, tzinfo=UTC), "ongoing", "ongoing"),  # 23:59 on 5 Oct
        (datetime.datetime(2025, 10, 5, 17, 0, tzinfo=UTC), "ended", "ended"),  # 00:00 on 6 Oct
    ],
)
def test_state_of_an_all_day_event(october, now_utc, code, label):
    with translation.override("en"):
        state = october["week"].state(now_utc)
    assert (state.code, str(state.label)) == (code, label)


def test_state_of_a_timed_event_follows_the_clock_in_hanoi():
    event = EventFactory(start_date=D(2025, 10, 24), end_date=D(2025, 10, 24),
                         start_time=datetime.time(8, 30), end_time=datetime.time(17, 0))
    at = lambda h, m: datetime.datetime(2025, 10, 24, h, m, tzinfo=UTC)  # noqa: E731
    assert event.state(at(1, 0)).code == "today"  # 08:00 in Hà Nội
    with translation.override("en"):
        assert str(event.state(at(1, 0)).label) == "starts today at 08:30"
    assert event.state(at(1, 30)).code == "ongoing"  # 08:30
    assert event.state(at(9, 59)).code == "ongoing"  # 16:59
    assert event.state(at(10, 0)).code == "ended"  # 17:00


def test_timed_event_without_end_time_lasts_to_the_end_of_its_last_day():
    event = EventFactory(start_date=D(2026, 2, 1), end_date=D(2026, 2, 3), start_time=datetime.time(18, 0))
    assert event.ends_at.isoformat() == "2026-02-04T00:00:00+07:00"
    assert event.state(datetime.datetime(2026, 2, 3, 16, 0, tzinfo=UTC)).code == "ongoing"


def test_in_year_and_overlapping(october):
    assert names(Event.objects.in_year(2026)) == ["Hội chợ Tết"]
    spanning = EventFactory(name_vi="Qua năm mới", start_date=D(2025, 12, 30), end_date=D(2026, 1, 2))
    assert spanning in Event.objects.in_year(2025) and spanning in Event.objects.in_year(2026)
    assert names(Event.objects.overlapping(D(2025, 10, 5), D(2025, 10, 24))) == [
        "Tuần lễ HTX 2025", "Hội thảo OCOP", "Không gian OCOP"]


def test_add_years_keeps_29_february_in_february():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2025, 10, 1), 1) == D(2026, 10, 1)
