"""Opening hours: "open now", "closes at 17:00", "opens tomorrow at 08:00".

Pure functions over plain values, so the rules are tested exactly with a given ``now``:

- A weekday has zero or more intervals; a weekday without intervals is a closed day.
- An interval belongs to the day it opens on. If it closes at or before its opening time it runs
  past midnight (18:00–02:00 closes at 02:00 the next morning; 08:00–00:00 closes at midnight;
  00:00–00:00 is open the whole day).
- Dated exceptions (Tết closures, special hours) replace the weekly hours on the days they cover.
  A closed exception wins over special hours on the same day. An interval that opened the
  evening before an exception day still runs to its closing time (it belongs to the day before).
- Times are Vietnam's (Asia/Ho_Chi_Minh, no daylight saving) whatever the server's timezone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.timedelta(days=1)
# How far ahead "opens at …" looks (a Tết closure can last a week or more).
LOOKAHEAD_DAYS = 31


@dataclass(frozen=True, order=True)
class Interval:
    opens: datetime.time
    closes: datetime.time

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens

    def span_on(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """The interval as local (Vietnam) datetimes when it opens on ``day``."""
        start = datetime.datetime.combine(day, self.opens, tzinfo=VIETNAM)
        end = datetime.datetime.combine(day + DAY if self.crosses_midnight else day, self.closes,
                                        tzinfo=VIETNAM)
        return start, end


@dataclass(frozen=True)
class DatedException:
    """Hours that replace the weekly ones from ``date_from`` to ``date_to`` inclusive."""

    date_from: datetime.date
    date_to: datetime.date
    interval: Interval | None = None  # None: closed
    note: str = ""

    @property
    def closed(self) -> bool:
        return self.interval is None

    def covers(self, day: datetime.date) -> bool:
        return self.date_from <= day <= self.date_to


@dataclass(frozen=True)
class DayHours:
    day: datetime.date
    intervals: tuple[Interval, ...]
    exceptional: bool = False  # replaced by a dated exception
    note: str = ""

    @property
    def closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class Status:
    known: bool  # False when no hours were entered at all
    is_open: bool = False
    closes_at: datetime.datetime | None = None  # when open
    opens_at: datetime.datetime | None = None  # when closed, the next opening (if within reach)
    now: datetime.datetime | None = None

    @property
    def opens_today(self) -> bool:
        return bool(self.opens_at and self.now and self.opens_at.date() == self.now.date())

    @property
    def opens_tomorrow(self) -> bool:
        return bool(self.opens_at and self.now and self.opens_at.date() == self.now.date() + DAY)

    @property
    def open_around_the_clock(self) -> bool:
        """Open for at least the next 24 hours (no closing time worth showing)."""
        return bool(self.closes_at and self.now and self.closes_at - self.now >= DAY)

    @property
    def closes_after_today(self) -> bool:
        return bool(self.closes_at and self.now and self.closes_at.date() != self.now.date())


def to_vietnam(now: datetime.datetime) -> datetime.datetime:
    """``now`` as Vietnam wall-clock time. A naive ``now`` is taken to be UTC."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=datetime.timezone.utc)
    return now.astimezone(VIETNAM)


@dataclass
class Schedule:
    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=dict)  # 0 = Monday
    exceptions: tuple[DatedException, ...] = ()

    @classmethod
    def build(cls, weekly_rows, exception_rows=()) -> Schedule:
        """From ``(weekday, opens, closes)`` and ``(date_from, date_to, opens, closes, note)`` rows."""
        weekly: dict[int, list[Interval]] = {}
        for weekday, opens, closes in weekly_rows:
            weekly.setdefault(weekday, []).append(Interval(opens, closes))
        exceptions = tuple(
            DatedException(
                date_from, date_to or date_from,
                Interval(opens, closes) if opens is not None and closes is not None else None,
                note or "",
            )
            for date_from, date_to, opens, closes, note in exception_rows
        )
        return cls({day: tuple(sorted(ivs)) for day, ivs in weekly.items()}, exceptions)

    @property
    def is_empty(self) -> bool:
        return not any(self.weekly.values()) and not self.exceptions

    def hours_on(self, day: datetime.date) -> DayHours:
        """The intervals that open on ``day``, after dated exceptions."""
        covering = [e for e in self.exceptions if e.covers(day)]
        if covering:
            closed = [e for e in covering if e.closed]
            if closed:
                return DayHours(day, (), exceptional=True, note=closed[0].note)
            intervals = tuple(sorted(e.interval for e in covering))
            return DayHours(day, intervals, exceptional=True, note=covering[0].note)
        return DayHours(day, self.weekly.get(day.weekday(), ()))

    def spans(self, first: datetime.date, last: datetime.date):
        """Opening spans (start, end) of the intervals opening from ``first`` to ``last``,
        sorted, with touching or overlapping spans merged (12:00–14:00 + 14:00–17:00 is one)."""
        raw = []
        day = first
        while day <= last:
            raw.extend(interval.span_on(day) for interval in self.hours_on(day).intervals)
            day += DAY
        raw.sort()
        merged: list[list[datetime.datetime]] = []
        for start, end in raw:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(start, end) for start, end in merged]

    def status(self, now: datetime.datetime) -> Status:
        local = to_vietnam(now)
        if self.is_empty:
            return Status(known=False, now=local)
        today = local.date()
        for start, end in self.spans(today - DAY, today + datetime.timedelta(days=LOOKAHEAD_DAYS)):
            if start <= local < end:
                return Status(known=True, is_open=True, closes_at=end, now=local)
            if start > local:
                return Status(known=True, is_open=False, opens_at=start, now=local)
        return Status(known=True, is_open=False, now=local)

    def is_open(self, now: datetime.datetime) -> bool:
        return self.status(now).is_open

    def week(self, start: datetime.date, days: int = 7) -> list[DayHours]:
        return [self.hours_on(start + datetime.timedelta(days=n)) for n in range(days)]


def overlapping(intervals) -> list[tuple[Interval, Interval]]:
    """Pairs of same-day intervals that overlap (a data-entry mistake worth flagging)."""
    ordered = sorted(intervals)
    pairs = []
    for i, first in enumerate(ordered):
        first_end = first.closes if not first.crosses_midnight else datetime.time.max
        for second in ordered[i + 1:]:
            if second.opens < first_end:
                pairs.append((first, second))
    return pairs
