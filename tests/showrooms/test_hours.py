"""Opening-hours rules (showrooms.hours), with exact instants. 23 Nov 2026 is a Monday."""

import datetime
from zoneinfo import ZoneInfo

from showrooms.hours import Interval, Schedule, overlapping

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.timezone.utc
T = datetime.time


def at(day, hour, minute=0, tz=VN):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=tz)


def weekly(**days):
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    rows = []
    for name, intervals in days.items():
        for opens, closes in intervals:
            rows.append((names.index(name), opens, closes))
    return rows


OFFICE = weekly(**{d: [(T(8), T(17))] for d in ["mon", "tue", "wed", "thu", "fri", "sat"]})  # Sunday closed


def test_open_during_an_interval_and_closes_at_its_end():
    status = Schedule.build(OFFICE).status(at(23, 10))
    assert status.is_open and status.closes_at == at(23, 17)


def test_before_opening_says_opens_today_at_eight():
    status = Schedule.build(OFFICE).status(at(23, 7, 59))
    assert not status.is_open
    assert status.opens_at == at(23, 8) and status.opens_today


def test_opening_time_is_inclusive_and_closing_time_exclusive():
    schedule = Schedule.build(OFFICE)
    assert schedule.is_open(at(23, 8))
    assert not schedule.is_open(at(23, 17))
    assert schedule.status(at(23, 17)).opens_at == at(24, 8)
    assert schedule.status(at(23, 17)).opens_tomorrow


def test_closed_day_is_skipped_to_the_next_opening():
    # Saturday 28 Nov after closing: Sunday has no hours, so the next opening is Monday.
    status = Schedule.build(OFFICE).status(at(28, 18))
    assert not status.is_open
    assert status.opens_at == at(30, 8)
    assert not status.opens_tomorrow
    assert not Schedule.build(OFFICE).is_open(at(29, 12))


def test_lunch_break_is_closed_and_reopens_the_same_day():
    schedule = Schedule.build(weekly(mon=[(T(8), T(11, 30)), (T(13, 30), T(17, 30))]))
    assert schedule.status(at(23, 11, 29)).closes_at == at(23, 11, 30)
    lunch = schedule.status(at(23, 12))
    assert not lunch.is_open and lunch.opens_at == at(23, 13, 30) and lunch.opens_today


def test_touching_intervals_close_at_the_end_of_the_last():
    schedule = Schedule.build(weekly(mon=[(T(8), T(12)), (T(12), T(17))]))
    assert schedule.status(at(23, 10)).closes_at == at(23, 17)


def test_interval_past_midnight_is_open_after_midnight_and_belongs_to_the_day_it_opens():
    # Friday 27 Nov 18:00 – Saturday 02:00; Saturday and Sunday have no hours of their own.
    schedule = Schedule.build(weekly(fri=[(T(18), T(2))]))
    late = schedule.status(at(27, 23, 59))
    assert late.is_open and late.closes_at == at(28, 2) and late.closes_after_today
    assert schedule.status(at(28, 1, 30)).is_open
    assert not schedule.is_open(at(28, 2))
    assert not schedule.is_open(at(29, 1))  # Saturday had no interval to run into Sunday
    assert not schedule.is_open(at(27, 1))  # Thursday had none either


def test_closing_at_midnight_and_open_around_the_clock():
    until_midnight = Schedule.build(weekly(mon=[(T(8), T(0))]))
    assert until_midnight.status(at(23, 23, 59)).closes_at == at(24, 0)
    assert not until_midnight.is_open(at(24, 0))

    always = Schedule.build([(d, T(0), T(0)) for d in range(7)])
    status = always.status(at(25, 3))
    assert status.is_open and status.closes_at - status.now > datetime.timedelta(days=7)


def test_a_late_interval_and_the_next_morning_run_together():
    schedule = Schedule.build(weekly(fri=[(T(18), T(2))], sat=[(T(0), T(3))]))
    assert schedule.status(at(27, 22)).closes_at == at(28, 3)


def test_the_time_is_vietnams_whatever_timezone_now_is_given_in():
    schedule = Schedule.build(OFFICE)
    # 01:30 UTC is 08:30 in Hà Nội: open. 23:30 UTC on Sunday is 06:30 on Monday: closed.
    assert schedule.is_open(at(23, 1, 30, tz=UTC))
    assert not schedule.is_open(at(22, 23, 30, tz=UTC))
    assert schedule.status(at(22, 23, 30, tz=UTC)).opens_at == at(23, 8)
    # Same instant seen from New York (19:30 on Sunday there) and naive UTC.
    new_york = at(23, 1, 30, tz=UTC).astimezone(ZoneInfo("America/New_York"))
    assert new_york.day == 22 and schedule.is_open(new_york)
    assert schedule.is_open(datetime.datetime(2026, 11, 23, 1, 30))
    # 10:30 UTC is 17:30 in Hà Nội: closed, even though 10:30 is inside 08:00–17:00.
    assert not schedule.is_open(at(23, 10, 30, tz=UTC))


def test_a_dated_closure_replaces_the_weekly_hours():
    every_day = [(d, T(8), T(17)) for d in range(7)]
    tet = [(datetime.date(2027, 2, 4), datetime.date(2027, 2, 10), None, None, "Tết")]
    schedule = Schedule.build(every_day, tet)
    during = schedule.status(datetime.datetime(2027, 2, 5, 10, tzinfo=VN))
    assert not during.is_open
    assert during.opens_at == datetime.datetime(2027, 2, 11, 8, tzinfo=VN)
    day = schedule.hours_on(datetime.date(2027, 2, 4))
    assert day.closed and day.exceptional and day.note == "Tết"
    assert schedule.is_open(datetime.datetime(2027, 2, 3, 16, 59, tzinfo=VN))


def test_special_hours_replace_the_day_and_may_run_past_midnight():
    every_day = [(d, T(8), T(17)) for d in range(7)]
    new_year = [(datetime.date(2026, 12, 31), datetime.date(2026, 12, 31), T(8), T(1), "Giao thừa")]
    schedule = Schedule.build(every_day, new_year)
    assert schedule.is_open(datetime.datetime(2026, 12, 31, 20, tzinfo=VN))
    status = schedule.status(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=VN))
    assert status.is_open and status.closes_at == datetime.datetime(2027, 1, 1, 1, tzinfo=VN)
    # The 1st has its normal hours again.
    assert schedule.is_open(datetime.datetime(2027, 1, 1, 9, tzinfo=VN))


def test_weekly_interval_of_the_evening_before_a_closure_still_runs_past_midnight():
    fri_late = [(4, T(18), T(2))]
    closed_saturday = [(datetime.date(2026, 11, 28), datetime.date(2026, 11, 28), None, None, "")]
    schedule = Schedule.build(fri_late, closed_saturday)
    assert schedule.is_open(at(28, 1))
    assert not schedule.is_open(at(28, 19))


def test_closed_wins_over_special_hours_on_the_same_day():
    day = datetime.date(2026, 11, 23)
    schedule = Schedule.build(OFFICE, [(day, day, T(9), T(12), "Hội chợ"), (day, day, None, None, "Kiểm kê")])
    assert not schedule.is_open(at(23, 10))
    assert schedule.hours_on(day).note == "Kiểm kê"


def test_closed_for_longer_than_the_lookahead_has_no_next_opening():
    long = [(datetime.date(2026, 11, 1), datetime.date(2027, 3, 1), None, None, "Sửa chữa")]
    status = Schedule.build(OFFICE, long).status(at(23, 10))
    assert status.known and not status.is_open and status.opens_at is None


def test_no_hours_at_all_is_unknown_not_closed():
    status = Schedule.build([]).status(at(23, 10))
    assert not status.known and not status.is_open


def test_overlapping_intervals_are_found():
    assert overlapping([Interval(T(8), T(12)), Interval(T(11), T(14))])
    assert not overlapping([Interval(T(8), T(12)), Interval(T(12), T(14))])
    assert not overlapping([Interval(T(0), T(2)), Interval(T(18), T(2))])
    assert overlapping([Interval(T(18), T(2)), Interval(T(20), T(21))])
