"""Writes that touch several catalogue models (certifications and the ratings copied onto products).

Keyword-only arguments, one transaction, ``full_clean`` before every save: a bad row rolls the
whole call back, so a bulk action either does everything or nothing.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Certification


def _attribute_history(cert: Certification, user) -> None:
    # Outside a request (shell, commands) simple_history cannot see who acted; tell it, for
    # the certification and for the product whose rating its save refreshes.
    if user is not None:
        cert._history_user = user
        cert.product._history_user = user


@transaction.atomic
def revoke_certifications(
    certifications: Iterable[Certification],
    *,
    decision_no: str,
    revoked_on: datetime.date,
    reason: str,
    reason_en: str = "",
    user=None,
) -> list[Certification]:
    """Revoke active certifications by one decision; their products' ratings follow at once.

    Already revoked certifications are left as they are and not returned. Saving a
    certification refreshes its product's current rating (``Certification.save``), so the
    product leaves the public listings immediately: its newest certification decides, and an
    older one it superseded does not come back (``Certification.objects.current_for``).
    """
    decision_no, reason = (decision_no or "").strip(), (reason or "").strip()
    errors = {}
    if not decision_no:
        errors["revocation_decision_no"] = _("Enter the number of the revocation decision.")
    if not reason:
        errors["revocation_reason"] = _("Enter the reason for the revocation.")
    if not revoked_on:
        errors["revoked_on"] = _("Enter the date of the revocation decision.")
    if errors:
        raise ValidationError(errors)

    revoked = []
    for cert in certifications:
        cert = Certification.objects.select_for_update().select_related("product").get(pk=cert.pk)
        if cert.status == Certification.Status.REVOKED:
            continue
        cert.status = Certification.Status.REVOKED
        cert.revoked_on = revoked_on
        cert.revocation_decision_no = decision_no
        # Staff write the decision's reason in Vietnamese, whichever language the admin is in.
        cert.revocation_reason_vi = reason
        cert.revocation_reason_en = reason_en
        cert.full_clean()
        _attribute_history(cert, user)
        cert.save()
        revoked.append(cert)
    return revoked


@transaction.atomic
def expire_certifications(
    certifications: Iterable[Certification], *, on: datetime.date | None = None, user=None
) -> tuple[list[Certification], list[Certification]]:
    """End the validity of current certifications so they are expired from ``on`` (default today).

    Used when a certificate stops applying before its date without a revocation decision (the
    producer stopped making the product, or merged into another business). The certificate's
    last valid day becomes the day before ``on``: the product is unlisted from ``on`` and the
    record keeps showing when it really ended. Unlike revocation, nothing is said against the
    product.

    Returns ``(expired, skipped)``. Skipped: revoked or already expired certifications, and
    those issued on or after the day before ``on`` (the validity date must stay after the issue
    date -- revoke those instead).
    """
    on = on or timezone.localdate()
    last_valid_day = on - datetime.timedelta(days=1)
    expired, skipped = [], []
    for cert in certifications:
        cert = Certification.objects.select_for_update().select_related("product").get(pk=cert.pk)
        if (
            cert.status != Certification.Status.ACTIVE
            or cert.valid_until < on
            or cert.issued_on >= last_valid_day
        ):
            skipped.append(cert)
            continue
        cert.valid_until = last_valid_day
        cert.full_clean()
        _attribute_history(cert, user)
        cert.save()
        expired.append(cert)
    return expired, skipped
