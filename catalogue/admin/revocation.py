"""Revoking through the certification change form (and the product's inline): the same
decision number, date and reason the bulk action asks for, so every revocation is documented."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Certification


class CertificationAdminForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") != Certification.Status.REVOKED:
            return cleaned
        # A revocation is a public decision: its date, number and reason are shown on the public
        # pages. Only a certification imported as revoked without a date ("date not recorded")
        # may stay without one; revoking here needs it. self.instance still holds the saved status.
        if not cleaned.get("revoked_on") and self.instance.status != Certification.Status.REVOKED:
            self.add_error("revoked_on", _("A revoked certification needs the date it was revoked."))
        for field, message in [
            ("revocation_decision_no", _("Enter the number of the revocation decision.")),
            ("revocation_reason_vi", _("Enter the reason for the revocation.")),
        ]:
            if not (cleaned.get(field) or "").strip():
                self.add_error(field, message)
        revoked_on = cleaned.get("revoked_on")
        if revoked_on and revoked_on > timezone.localdate():
            self.add_error("revoked_on", _("The decision date cannot be in the future."))
        return cleaned
