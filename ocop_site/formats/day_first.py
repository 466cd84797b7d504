"""The formats both languages share (imported by ``vi/formats.py`` and ``en/formats.py``).

Input formats (Python ``strptime``): the first one is what the admin's date boxes show and what its
calendar widget writes, so what staff see parses back to the same day. ``%d`` and ``%m`` also take
one digit, so ``5/11/2026`` is read like ``05/11/2026``. No month-first format, in either language.
Output formats (Django's ``date`` filter syntax): ``05/11/2026`` everywhere people read a date;
files (CSV, xlsx, JSON, iCalendar) write ISO ``2026-11-05`` in their own code."""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/11/2026, 5/11/2026
    "%d-%m-%Y",  # 05-11-2026
    "%Y-%m-%d",  # 2026-11-05 (ISO: what files and <input type="date"> send)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
MONTH_DAY_FORMAT = "d/m"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
