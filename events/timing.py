"""Time in Hà Nội. Whether an event is upcoming, on or over is decided by the calendar in
Vietnam (UTC+7), whatever the server's TIME_ZONE: 23:30 UTC on the 4th is already the 5th here."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """``now`` (default: the current instant) as wall-clock time in Hà Nội."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("hanoi_now() needs an aware datetime")
    return now.astimezone(HANOI)


def hanoi_today(now: datetime.datetime | None = None) -> datetime.date:
    return hanoi_now(now).date()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
