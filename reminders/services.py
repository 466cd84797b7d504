"""Expiry reminders: the issuer must remind a producer at least 30 days before its certificate
expires to apply for re-evaluation (certificates are valid 36 months). ``send_expiry_reminders``
runs daily: each producer whose current certificates have reached the 90-, 60- or 30-day step
gets one e-mail in Vietnamese naming them all; the OCOP office gets a summary that also lists
the producers without an e-mail address. Every certificate is reminded once per step.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.models import Certification
from catalogue.verification import absolute_url

from .models import ExpiryReminder

logger = logging.getLogger(__name__)
STEPS = (30, 60, 90)  # days before expiry, most urgent first


def step_for(days_left: int) -> int | None:
    """The step a certificate with ``days_left`` has reached: 75 days -> 90; 20 -> 30."""
    return next((step for step in STEPS if days_left <= step), None)


@dataclass
class DueCertificate:
    certification: Certification
    step: int
    days_left: int


@dataclass
class ReminderRun:
    today: datetime.date
    dry_run: bool
    sent: list = field(default_factory=list)  # [(producer, email, [DueCertificate])]
    without_email: list = field(default_factory=list)  # [(producer, [DueCertificate])]
    failed: list = field(default_factory=list)  # [(producer, email, error)]
    office_notified: bool = False


def due_certificates(today: datetime.date) -> list[DueCertificate]:
    """Current certificates (each product's current one, active, not expired) within 90 days of
    their end that have not been reminded at the step they have reached."""
    certs = (
        Certification.objects.current(on=today)
        .filter(product__current_certification=F("pk"),
                valid_until__lte=today + datetime.timedelta(days=max(STEPS)))
        .select_related("product", "product__producer")
        .order_by("product__producer__sort_name", "valid_until", "pk")
    )
    done = set(ExpiryReminder.objects.filter(certification__in=certs).values_list("certification_id", "step"))
    due = []
    for cert in certs:
        days_left = (cert.valid_until - today).days
        step = step_for(days_left)
        if step is not None and (cert.pk, step) not in done:
            due.append(DueCertificate(cert, step, days_left))
    return due


def send_expiry_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun(today=today, dry_run=dry_run)
    by_producer = defaultdict(list)
    for item in due_certificates(today):
        by_producer[item.certification.product.producer].append(item)

    for producer, items in by_producer.items():
        if not producer.email:
            run.without_email.append((producer, items))
            continue
        if not dry_run:
            try:
                _producer_message(producer, items).send()
            except Exception as exc:  # noqa: BLE001 -- one bad address or SMTP hiccup must not stop the rest
                logger.warning("expiry reminder to %s failed", producer.email, exc_info=True)
                run.failed.append((producer, producer.email, exc))
                continue
            _record(items, producer, producer.email, today)
        run.sent.append((producer, producer.email, items))

    if (run.sent or run.without_email or run.failed) and not dry_run:
        office = getattr(settings, "OCOP_OFFICE_EMAIL", "")
        if office:
            _office_message(run, office).send()
            run.office_notified = True
        for producer, items in run.without_email:
            _record(items, producer, "", today)
    return run


def _record(items, producer, recipient, today):
    ExpiryReminder.objects.bulk_create([
        ExpiryReminder(certification=item.certification, producer=producer, step=item.step,
                       valid_until=item.certification.valid_until, recipient=recipient, sent_on=today)
        for item in items
    ], ignore_conflicts=True)  # another run the same minute: the unique step decides


def _context(**extra):
    return {"site_url": absolute_url("/"), "office_email": getattr(settings, "OCOP_OFFICE_EMAIL", ""),
            "verify_url": absolute_url("/verify/"), **extra}


def _producer_message(producer, items) -> EmailMessage:
    # Producers are reminded in Vietnamese, whatever language the command runs in.
    with translation.override("vi"):
        context = _context(producer=producer, items=items)
        subject = _("OCOP certificate expiring: apply for re-evaluation")
        body = render_to_string("reminders/email/producer.txt", context)
    return EmailMessage(f"[OCOP Hà Nội] {subject}", body, to=[producer.email],
                        reply_to=[context["office_email"]] if context["office_email"] else None)


def _office_message(run, office) -> EmailMessage:
    with translation.override("vi"):
        subject = _("Expiry reminders of %(date)s") % {"date": run.today.strftime("%d/%m/%Y")}
        body = render_to_string("reminders/email/office.txt", _context(run=run))
    return EmailMessage(f"[OCOP Hà Nội] {subject}", body, to=[office])
