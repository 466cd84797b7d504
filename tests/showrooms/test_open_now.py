"""``open_now`` in SQL (Showroom.objects.open_at) agrees with the rules of showrooms.hours."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from showrooms.models import OpeningException, OpeningHours, Showroom
from tests.factories import ShowroomFactory, every_day

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T = datetime.time
MONDAY = datetime.date(2026, 11, 23)


def day(n):
    return MONDAY + datetime.timedelta(days=n)


@pytest.fixture
def varied():
    """Showrooms whose hours exercise every rule."""
    office = every_day(ShowroomFactory(name="office"))
    lunch = ShowroomFactory(name="lunch")
    for d in range(6):  # Sunday closed
        OpeningHours.objects.create(showroom=lunch, weekday=d, opens=T(8), closes=T(11, 30))
        OpeningHours.objects.create(showroom=lunch, weekday=d, opens=T(13, 30), closes=T(17, 30))
    night = ShowroomFactory(name="night")
    for d in (3, 4, 5):  # Thu–Sat 18:00–02:00
        OpeningHours.objects.create(showroom=night, weekday=d, opens=T(18), closes=T(2))
    # Closed on Saturday by exception: Friday night still runs to 02:00 Saturday.
    OpeningException.objects.create(showroom=night, date_from=day(5), date_to=day(5), note="closed")
    always = every_day(ShowroomFactory(name="always"), T(0), T(0))
    tet = every_day(ShowroomFactory(name="tet"))
    OpeningException.objects.create(showroom=tet, date_from=day(1), date_to=day(3), note="Tết")
    special = every_day(ShowroomFactory(name="special"))
    OpeningException.objects.create(showroom=special, date_from=day(2), date_to=day(2),
                                    opens=T(20), closes=T(1, 30), note="late")
    OpeningException.objects.create(showroom=special, date_from=day(2), date_to=day(2),
                                    opens=T(6), closes=T(9), note="early")
    ShowroomFactory(name="no hours")
    return Showroom.objects.for_list(today=MONDAY - datetime.timedelta(days=1))


def instants():
    moments = []
    for n in range(-1, 8):
        for minutes in range(0, 24 * 60, 30):
            moments.append(datetime.datetime.combine(day(n), T(minutes // 60, minutes % 60), tzinfo=VN))
    for n in range(7):  # exact boundaries and a second before them
        for t in (T(1, 30), T(2), T(8), T(11, 30), T(17), T(18), T(20), T(0)):
            moment = datetime.datetime.combine(day(n), t, tzinfo=VN)
            moments += [moment, moment - datetime.timedelta(seconds=1)]
    return moments


def test_sql_open_now_agrees_with_the_python_rules_at_every_instant(varied):
    showrooms = list(varied)
    disagreements = []
    for moment in instants():
        in_sql = set(Showroom.objects.open_at(moment).values_list("name", flat=True))
        in_python = {s.name for s in showrooms if s.status(moment).is_open}
        if in_sql != in_python:
            disagreements.append((moment.isoformat(), sorted(in_sql ^ in_python)))
    assert disagreements == []


def test_open_now_examples(varied):
    def open_names(moment):
        return set(Showroom.objects.open_at(moment).values_list("name", flat=True))

    saturday_1am = datetime.datetime.combine(day(5), T(1), tzinfo=VN)
    assert open_names(saturday_1am) == {"night", "always"}
    tuesday_noon = datetime.datetime.combine(day(1), T(12), tzinfo=VN)
    assert open_names(tuesday_noon) == {"office", "always", "special"}  # tet closed, lunch break
    wednesday_7am = datetime.datetime.combine(day(2), T(7), tzinfo=VN)
    assert "special" in open_names(wednesday_7am)  # special early hours
    thursday_1am = datetime.datetime.combine(day(3), T(1), tzinfo=VN)
    assert open_names(thursday_1am) == {"always", "special"}  # Wednesday's special ran to 01:30


def test_open_now_uses_vietnam_time_whatever_the_server_timezone(varied, settings):
    settings.TIME_ZONE = "America/New_York"
    # 01:00 UTC on Monday is 08:00 in Hà Nội (and 20:00 on Sunday in New York).
    moment = datetime.datetime(2026, 11, 23, 1, 0, tzinfo=datetime.timezone.utc)
    assert "office" in set(Showroom.objects.open_at(moment).values_list("name", flat=True))
    office = Showroom.objects.for_list(today=MONDAY).get(name="office")
    assert office.status(moment).is_open
