# Day-first dates in this language too (see ocop_site/formats/__init__.py); everything not set
# here (number separators, month names) comes from Django's own locale.
from ocop_site.formats.day_first import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
)
