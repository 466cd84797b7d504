"""Our date formats (Django's ``FORMAT_MODULE_PATH``): one day-first style for reading and typing
dates in both languages, so the admin, the public pages and the spreadsheet import agree.

Django ships no Vietnamese input formats (the US month-first order applied, so ``05/11/2026`` was
saved as 11 May) and its English ones read ``11/05/2026`` month first. ``vi/formats.py`` and
``en/formats.py`` both take ``day_first.py``; what they leave out (number separators, month names)
still comes from Django's own locale files."""

import datetime

from django.utils.formats import get_format


def parse_date(text: str) -> datetime.date | None:
    """The date ``text`` means in one of the active language's ``DATE_INPUT_FORMATS`` (day first,
    or ISO), or None. Month-first text such as ``11/15/2026`` is no date: never reinterpreted."""
    text = text.strip()
    for input_format in get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text, input_format).date()
        except ValueError:
            continue
    return None


def explain_date_errors():
    """Make every date box's "not a date" error say how to write one. Django's own ("Enter a valid
    date.") leaves an officer who typed ``11/15/2026`` guessing; the message is the form field's
    class default so that every form (admin, inlines, actions, any added later) gets it without a
    per-field override. Called once from ``OcopSiteConfig.ready()``, before the admin imports its forms."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    forms.DateField.default_error_messages = {
        **forms.DateField.default_error_messages,
        "invalid": _("Enter a valid date, day first: DD/MM/YYYY (e.g. 05/11/2026 for 5 November 2026), "
                     "or YYYY-MM-DD."),
    }
