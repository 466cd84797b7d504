"""Writes that span inspections and the catalogue: what follows a failed check."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.models import Certification
from catalogue.services import revoke_certifications

from .models import InspectedProduct


@transaction.atomic
def revoke_after_inspection(
    check: InspectedProduct, *, decision_no: str, revoked_on: datetime.date, reason: str, user=None
) -> Certification:
    """Revoke the product's current certificate because of ``check`` (through the catalogue's
    revoke service, so the product leaves the listings at once) and link it to the check."""
    check = InspectedProduct.objects.select_for_update().select_related("inspection", "product").get(pk=check.pk)
    if check.result == InspectedProduct.Result.PASSED:
        raise ValidationError({"follow_up": _("A passed product is not revoked.")})
    if check.revoked_certification_id:
        raise ValidationError({"follow_up": _("This check already revoked a certificate.")})
    if revoked_on and revoked_on < check.inspection.inspected_on:
        raise ValidationError({"revoked_on": _("The revocation cannot come before the inspection.")})
    cert = Certification.objects.current_for(check.product)
    if cert is None:
        raise ValidationError({"follow_up": _("This product has no current certificate to revoke.")})
    revoked = revoke_certifications([cert], decision_no=decision_no, revoked_on=revoked_on, reason=reason,
                                    user=user)
    check.follow_up = InspectedProduct.FollowUp.REVOCATION
    check.revoked_certification = revoked[0]
    if user is not None:
        check._history_user = user
    check.full_clean()
    check.save()
    return revoked[0]
