"""Writes and side effects of a report: saving it, telling the office, limiting each address."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from catalogue import verification

from .models import Report

logger = logging.getLogger(__name__)

RATE_LIMIT_REPORTS = 5
RATE_LIMIT_SECONDS = 60 * 60


def _rate_key(client_ip: str | None) -> str:
    return f"reports:sent:{client_ip or 'unknown'}"


def rate_limited(client_ip: str | None) -> bool:
    """True once this address has sent ``RATE_LIMIT_REPORTS`` reports within the hour.

    A cache outage must not stop people reporting: then nobody is limited."""
    try:
        return (cache.get(_rate_key(client_ip)) or 0) >= RATE_LIMIT_REPORTS
    except Exception:  # noqa: BLE001
        logger.warning("reports: rate limit unavailable (cache down)", exc_info=True)
        return False


def count_report(client_ip: str | None) -> None:
    """Count one report against the address; the hour starts with its first report."""
    key = _rate_key(client_ip)
    try:
        if not cache.add(key, 1, timeout=RATE_LIMIT_SECONDS):
            cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=RATE_LIMIT_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("reports: rate limit unavailable (cache down)", exc_info=True)


@transaction.atomic
def submit_report(*, form, language: str = "", admin_url_base: str = "") -> Report:
    """Save a valid ``ReportForm`` as a new report and e-mail the office once it is committed.

    The code is looked up as the verify page does, so the queue links the product it names."""
    report = form.save(commit=False)
    report.language = (language or "")[:10]
    if report.code:
        report.product = verification.verify_code(report.code).product
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: notify_office(report, admin_url_base=admin_url_base))
    return report


def notify_office(report: Report, *, admin_url_base: str = "") -> bool:
    """E-mail ``REPORTS_EMAIL`` about a new report (plain text, in Vietnamese, the office's
    language). A mail outage is logged, never shown to the visitor: the report is already saved."""
    recipients = list(getattr(settings, "REPORTS_EMAIL", []) or [])
    if not recipients:
        logger.info("reports: %s received; REPORTS_EMAIL is empty, no e-mail sent", report.reference)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        admin_path = reverse("admin:reports_report_change", args=[report.pk])
        context = {"report": report, "admin_url": admin_url_base.rstrip("/") + admin_path}
        subject = " ".join(render_to_string("reports/email_subject.txt", context).split())
        body = render_to_string("reports/email_body.txt", context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # noqa: BLE001 -- SMTP down or refused: the report stays in the queue
        logger.exception("reports: could not e-mail the office about %s", report.reference)
        return False
    return True
