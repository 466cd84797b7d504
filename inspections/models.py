"""Post-inspections (hậu kiểm): the city's inter-agency teams check certified products after
classification, sometimes take a sample for a lab test, and record a result per product and what
followed (a warning, a re-test, or the revocation of the certificate)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Certification, Product
from catalogue.text import normalize_search
from ocop_site.plain_text import PlainTextModel


class Inspection(PlainTextModel):
    """One visit of an inspection team on one day; the products it checked are its ``checks``."""

    inspected_on = models.DateField(_("inspected on"), db_index=True)
    agency = models.CharField(_("agency / team"), max_length=200,
                              help_text=_("E.g. “Đoàn kiểm tra liên ngành thành phố”."))
    # normalize_search(agency): an import matches "Đoàn KT liên ngành" however it is typed.
    agency_key = models.CharField(max_length=200, editable=False, db_index=True)
    findings = models.TextField(_("general findings"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("post-inspection")
        verbose_name_plural = _("post-inspections")

    def __str__(self):
        return f"{self.agency} ({self.inspected_on:%d/%m/%Y})"

    def clean(self):
        if self.inspected_on and self.inspected_on > timezone.localdate():
            raise ValidationError({"inspected_on": _("The inspection date is in the future.")})

    def save(self, *args, **kwargs):
        self.agency_key = normalize_search(self.agency)
        super().save(*args, **kwargs)


class InspectedProductQuerySet(models.QuerySet):
    def latest_for(self, product):
        """The product's most recent check (by inspection date), or None."""
        return (self.filter(product=product).select_related("inspection")
                .order_by("-inspection__inspected_on", "-pk").first())

    def awaiting_follow_up(self, *, on=None):
        """Failed or follow-up checks whose deadline has passed with nothing done yet, and no
        later inspection of the product since (a re-inspection answers the earlier failure)."""
        today = on or timezone.localdate()
        later = InspectedProduct.objects.filter(
            product=models.OuterRef("product"),
            inspection__inspected_on__gt=models.OuterRef("inspection__inspected_on"),
        )
        return self.filter(
            result__in=[InspectedProduct.Result.FAILED, InspectedProduct.Result.FOLLOW_UP],
            follow_up="", deadline__lt=today,
        ).exclude(models.Exists(later))


class InspectedProduct(PlainTextModel):
    """One product checked during an inspection: its result and what followed."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        FOLLOW_UP = "follow_up", _("Follow-up needed")

    class FollowUp(models.TextChoices):
        NONE = "", _("Nothing yet")
        WARNING = "warning", _("Warning to the producer")
        RETEST = "retest", _("Re-test")
        REVOCATION = "revocation", _("Certificate revoked")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checks",
                                   verbose_name=_("post-inspection"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="inspection_checks",
                                verbose_name=_("product"))
    sampled = models.BooleanField(_("sample taken and tested"), default=False)
    lab_report_no = models.CharField(_("lab report number"), max_length=60, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, db_index=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True,
                                help_text=_("By when the producer must put things right (failed or "
                                            "follow-up)."))
    findings = models.TextField(_("findings"), blank=True)
    follow_up = models.CharField(_("what followed"), max_length=12, choices=FollowUp.choices, blank=True,
                                 default="")
    revoked_certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("revoked certification"),
        help_text=_("Set by the revocation (through the revoke service), not by hand."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InspectedProductQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("product checked")
        verbose_name_plural = _("products checked")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "product"], name="inspection_product_once"),
            models.CheckConstraint(condition=models.Q(sampled=True) | models.Q(lab_report_no=""),
                                   name="inspection_lab_report_only_if_sampled"),
            models.CheckConstraint(
                condition=~models.Q(follow_up="revocation") | models.Q(revoked_certification__isnull=False),
                name="inspection_revocation_names_certificate",
            ),
        ]
        indexes = [models.Index(fields=["product", "inspection"], name="inspection_product_idx")]

    def __str__(self):
        return f"{self.product} — {self.get_result_display()}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and self.result != self.Result.PASSED and not self.follow_up
                    and self.deadline < timezone.localdate())

    def clean(self):
        errors = {}
        if self.lab_report_no and not self.sampled:
            errors["lab_report_no"] = _("A lab report needs a sample: tick “sample taken and tested”.")
        if self.result == self.Result.PASSED and self.deadline:
            errors["deadline"] = _("A passed check has no deadline.")
        if self.result == self.Result.PASSED and self.follow_up in (self.FollowUp.RETEST, self.FollowUp.REVOCATION):
            errors["follow_up"] = _("A passed product is not re-tested or revoked.")
        if self.follow_up == self.FollowUp.REVOCATION and not self.revoked_certification_id:
            errors["follow_up"] = _("Revoke the certificate with the revocation fields below; the link is "
                                    "set then.")
        inspection = getattr(self, "inspection", None)  # unset while an inline form is checked
        inspected_on = inspection.inspected_on if inspection else None
        if self.deadline and inspected_on and self.deadline < inspected_on:
            errors["deadline"] = _("The deadline must be after the inspection date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.result != self.Result.PASSED and not self.deadline:
            self.deadline = default_deadline(self.inspection.inspected_on)
        if self.result == self.Result.PASSED:
            self.deadline = None
        super().save(*args, **kwargs)


# Hanoi's plan gives no fixed term; a month is what the office's letters usually allow. An officer
# sets another deadline on the check; an import without one gets this.
FOLLOW_UP_DAYS = 30


def default_deadline(inspected_on: datetime.date) -> datetime.date:
    """When a failed or follow-up product must be put right, unless the officer says otherwise."""
    return inspected_on + datetime.timedelta(days=FOLLOW_UP_DAYS)
