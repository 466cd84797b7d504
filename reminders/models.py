"""What ``send_expiry_reminders`` sent: one row per certificate and step (90, 60, 30 days), so a
certificate is reminded once per step however often the command runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Certification, Producer


class ExpiryReminder(models.Model):
    class Step(models.IntegerChoices):
        DAYS_90 = 90, _("90 days before expiry")
        DAYS_60 = 60, _("60 days before expiry")
        DAYS_30 = 30, _("30 days before expiry")

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="+",
                                      verbose_name=_("certification"))
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="+", verbose_name=_("producer"))
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    valid_until = models.DateField(_("valid until"))
    # Empty: the producer has no e-mail on record; the office was told in its summary instead.
    recipient = models.EmailField(_("sent to"), blank=True)
    sent_on = models.DateField(_("sent on"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["certification", "step"], name="reminder_once_per_step"),
        ]

    def __str__(self):
        return f"{self.certification.certificate_no} — {self.step}"
