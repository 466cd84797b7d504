"""A visitor's report of a suspicious OCOP label, and its handling by the office."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from catalogue.models import Product
from ocop_site.plain_text import PlainTextModel
from ocop_site.uploads import SafeImageField

# Unambiguous letters and digits (no 0/O, 1/I/L), read aloud or typed from a phone call.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random reference ('BC-7K3M9Q2X'): a visitor quotes it, nobody can guess another's."""
    return "BC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Report(PlainTextModel):
    class Status(models.TextChoices):
        # With a context: "Closed" is also a showroom's state ("Đóng cửa"), not a report's.
        NEW = "new", pgettext_lazy("report status", "New")
        IN_PROGRESS = "in_progress", pgettext_lazy("report status", "In progress")
        CLOSED = "closed", pgettext_lazy("report status", "Closed")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    # What the visitor wrote, kept as written (the admin shows it read-only).
    code = models.CharField(_("code on the label"), max_length=100, blank=True)
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("product the code belongs to"),
        help_text=_("Found from the code when the report was sent; empty if the code is unknown."),
    )
    what_seen = models.TextField(_("what was seen"), max_length=2000)
    shop_name = models.CharField(_("shop"), max_length=200)
    shop_address = models.CharField(_("shop address"), max_length=300, blank=True)
    photo = SafeImageField(_("photo"), upload_to="reports/", blank=True,
                           width_field="photo_width", height_field="photo_height")
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    language = models.CharField(_("language of the form"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    # The office's side.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="handled_reports", verbose_name=_("handled by"),
    )
    staff_notes = models.TextField(_("notes of the office"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report of a suspicious label")
        verbose_name_plural = _("reports of suspicious labels")

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)
