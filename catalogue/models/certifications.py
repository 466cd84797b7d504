"""OCOP certifications: a product's rating history."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.authorities import english_authority
from catalogue.text import normalize_code
from ocop_site.plain_text import PlainTextModel

from .products import Product

VALIDITY_MONTHS = 36
DEFAULT_AUTHORITY = "UBND Thành phố Hà Nội"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months, clamped to the month's end (29 Feb 2024 + 36 months = 28 Feb 2027)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Points (of 100: parts A, B, C of the OCOP criteria) each star rating needs (Decision 148/QĐ-TTg).
SCORE_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}
# A 4-star product scoring this much awaits national review: "potential 5 stars".
POTENTIAL_FIVE_STAR_MIN_SCORE = 90


class IssuingLevel(models.TextChoices):
    """Who recognised the rating. Decision 148/QĐ-TTg (2023): district 3★, province 4★, centre 5★;
    Decision 1489/QĐ-TTg (2025, two-level government): province 3★ and 4★ (the commune checks
    the dossier), the Ministry of Agriculture and Environment 5★."""
    COMMUNE = "commune", _("Commune / ward")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province / city")
    CENTRAL = "central", _("Central (national)")


class ClassificationVersion(models.TextChoices):
    """The criteria the product was scored against."""
    DECISION_1048_2019 = "1048/2019", _("Decision 1048/QĐ-TTg (2019)")
    DECISION_148_2023 = "148/2023", _("Decision 148/QĐ-TTg (2023)")


def rating_problems(*, stars, potential_five_star, score, issuing_level) -> dict:
    """What is wrong with a rating's stars, score and level, by field: {} when they agree.
    Score and level may be None/empty (unknown, as in older records); given, they must agree.
    The admin's form errors and the import's problems both come from here."""
    problems = {}
    if score is not None and stars in SCORE_BANDS:
        low, high = SCORE_BANDS[stars]
        if potential_five_star:
            if score < POTENTIAL_FIVE_STAR_MIN_SCORE:
                problems["score"] = _(
                    "A potential 5-star product scored at least %(min)d points, not %(score)d."
                ) % {"min": POTENTIAL_FIVE_STAR_MIN_SCORE, "score": score}
        elif not low <= score <= high:
            problems["score"] = _(
                "%(score)d points do not make %(stars)d stars: %(stars)d stars need %(low)d–%(high)d points."
            ) % {"score": score, "stars": stars, "low": low, "high": high}
    if stars == 5 and issuing_level and issuing_level != IssuingLevel.CENTRAL:
        problems["issuing_level"] = _("Only the central level recognises 5-star products.")
    return problems


def default_valid_until(issued_on: datetime.date) -> datetime.date:
    """36 months after the decision date; the certificate is valid through that day."""
    return add_months(issued_on, VALIDITY_MONTHS)


class CertificationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Certification.Status.ACTIVE)

    def current(self, *, on=None):
        """Active and not past their validity date."""
        return self.active().filter(valid_until__gte=on or timezone.localdate())

    def latest_for(self, product):
        """The product's newest certification (by decision date), whatever its state."""
        return self.filter(product=product).order_by("-issued_on", "-pk").first()

    def current_for(self, product, *, on=None):
        """The product's current certification: its newest one, if active and still valid on
        ``on`` (today by default).

        A newer decision supersedes older ones, so an expired or revoked newest certificate is
        not replaced by an older one: a 4★ revoked after post-inspection does not bring back
        the 3★ it upgraded.
        """
        newest = self.latest_for(product)
        if newest and newest.state(on=on) == Certification.State.VALID:
            return newest
        return None

    def expiring_within(self, days: int):
        today = timezone.localdate()
        return self.current().filter(valid_until__lte=today + datetime.timedelta(days=days))

    def matching_number(self, text: str):
        """Certifications whose number reads as ``text`` ignoring spacing, case, accents."""
        return self.filter(certificate_key=normalize_code(text))


class Certification(PlainTextModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    class State(models.TextChoices):
        """What a certificate means today; 'expired' follows from the date alone."""
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    STAR_CHOICES = [(3, "3★"), (4, "4★"), (5, "5★")]

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications",
                                verbose_name=_("product"))
    stars = models.PositiveSmallIntegerField(_("stars"), choices=STAR_CHOICES)
    potential_five_star = models.BooleanField(
        _("potential 5-star"), default=False,
        help_text=_("A 4-star product the city has nominated for national 5-star assessment."),
    )
    certificate_no = models.CharField(_("certificate / decision number"), max_length=60, unique=True)
    # normalize_code(certificate_no): '1201/qđ-ubnd' typed on /verify/ finds '1201/QĐ-UBND'.
    certificate_key = models.CharField(max_length=60, unique=True, editable=False)
    # Translated: authority_vi, authority_en (filled from catalogue.authorities when left empty).
    authority = models.CharField(_("issuing authority"), max_length=200, default=DEFAULT_AUTHORITY)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text=_("Points out of 100 (3★ 50–69, 4★ 70–89, 5★ 90–100); empty if not known."),
    )
    issuing_level = models.CharField(_("issuing level"), max_length=10, choices=IssuingLevel.choices,
                                     blank=True, help_text=_("Empty if not known."))
    classification_version = models.CharField(
        _("classification criteria"), max_length=10, choices=ClassificationVersion.choices, blank=True,
        help_text=_("The decision whose criteria the product was scored against; empty if not known."),
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), blank=True,
                                   help_text=_("Leave empty for 36 months after issue."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE, db_index=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision_no = models.CharField(_("revocation decision number"), max_length=60, blank=True)
    revocation_reason = models.TextField(
        _("revocation reason"), blank=True,
        help_text=_("Shown to the public on the product and verification pages."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CertificationQuerySet.as_manager()

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        indexes = [models.Index(fields=["product", "status", "issued_on"], name="cert_product_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(stars__in=[3, 4, 5]), name="cert_stars_3_to_5"),
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("issued_on")),
                                   name="cert_valid_until_after_issued"),
            models.CheckConstraint(
                condition=models.Q(potential_five_star=False) | models.Q(stars=4),
                name="cert_potential_only_four_stars",
            ),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                                   name="cert_score_at_most_100"),
            # A revoked certification may lack its date: registers imported without one say
            # only that it was revoked ("date not recorded"), never a made-up day.
            models.CheckConstraint(
                condition=models.Q(status="active", revoked_on__isnull=True) | models.Q(status="revoked"),
                name="cert_only_revoked_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.certificate_no} ({self.stars}★)"

    @property
    def is_expired(self) -> bool:
        return self.valid_until < timezone.localdate()

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.is_expired

    def state(self, *, on=None) -> str:
        """Valid, expired or revoked on ``on`` (today in Vietnam by default).

        Valid through ``valid_until`` inclusive (Civil Code 2015 art. 148: a term in months
        ends at the end of the corresponding day of the last month, or that month's last day).
        """
        if self.status == self.Status.REVOKED:
            return self.State.REVOKED
        if self.valid_until < (on or timezone.localdate()):
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def expired_since(self) -> datetime.date:
        """The first day the certificate is no longer valid."""
        return self.valid_until + datetime.timedelta(days=1)

    @property
    def history_state(self) -> str:
        """Its place in the product's rating history: 'current', 'superseded' (still valid, but
        a newer decision replaced it), or its own ``state()``: 'expired' or 'revoked'."""
        state = self.state()
        if state != self.State.VALID:
            return str(state)
        return "current" if self.product.current_certification_id == self.pk else "superseded"

    def clean(self):
        errors = {}
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            errors["valid_until"] = _("The validity date must be after the issue date.")
        if self.potential_five_star and self.stars != 4:
            errors["potential_five_star"] = _("Only a 4-star product can be a potential 5-star product.")
        else:
            errors.update(rating_problems(stars=self.stars, potential_five_star=self.potential_five_star,
                                          score=self.score, issuing_level=self.issuing_level))
        if self.status == self.Status.ACTIVE and self.revoked_on:
            errors["revoked_on"] = _("Only a revoked certification has a revocation date.")
        if self.revoked_on and self.issued_on and self.revoked_on < self.issued_on:
            errors["revoked_on"] = _("A certification cannot be revoked before it was issued.")
        if self.certificate_no:
            key = normalize_code(self.certificate_no)
            clash = Certification.objects.filter(certificate_key=key).exclude(pk=self.pk).first()
            if not key:
                errors["certificate_no"] = _("A certificate number needs letters or digits.")
            elif clash:
                errors["certificate_no"] = _(
                    "This number reads the same as %(number)s (spacing, case and accents are ignored)."
                ) % {"number": clash.certificate_no}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.authority_en or self.authority_en in (self.authority_vi, DEFAULT_AUTHORITY):
            self.authority_en = english_authority(self.authority_vi) or self.authority_en
        self.certificate_key = normalize_code(self.certificate_no)
        if self.issued_on and not self.valid_until:
            self.valid_until = default_valid_until(self.issued_on)
        super().save(*args, **kwargs)
        self.product.refresh_rating()

    def delete(self, *args, **kwargs):
        product = self.product
        result = super().delete(*args, **kwargs)
        product.refresh_rating()
        return result
