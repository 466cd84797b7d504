"""OCOP products and their images."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.text import normalize_code, normalize_search, vietnamese_sort_key
from ocop_site.uploads import SafeImageField

from .base import SluggedModel, localized
from .producers import CraftVillage, Producer
from .taxonomy import Category


class ProductQuerySet(models.QuerySet):
    def listed(self, *, on=None):
        """Products shown to the public: their current certification is active and unexpired.

        Expiry follows from the date alone (no nightly job): ``rating_valid_until`` is copied
        from the current certification, and compared with today in Vietnam.
        """
        today = on or timezone.localdate()
        return self.filter(current_certification__isnull=False, rating_valid_until__gte=today)

    def with_code(self, text: str):
        """Products whose code reads as ``text`` ignoring spacing, case and accents."""
        return self.filter(code_key=normalize_code(text))

    def for_cards(self):
        """What a product card shows, in a fixed number of queries whatever the page size."""
        return self.select_related("category", "producer", "village").prefetch_related(
            models.Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )

    def in_category(self, category: Category):
        """Products in ``category`` or any category below it (groups and sub-groups)."""
        return self.filter(
            models.Q(category__code=category.code) | models.Q(category__code__startswith=category.code + ".")
        )


class Product(SluggedModel):
    slug_source_field = "name_vi"

    code = models.CharField(
        _("product code"), max_length=40, unique=True,
        help_text=_("Printed on the label, e.g. HN-OCOP-0001. Verification looks products up by it."),
    )
    # normalize_code(code): what /verify/ looks codes up by, whatever spacing/case was typed.
    code_key = models.CharField(max_length=40, unique=True, editable=False)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category"),
    )
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="products", verbose_name=_("producer"),
    )
    village = models.ForeignKey(
        CraftVillage, on_delete=models.PROTECT, null=True, blank=True, related_name="products",
        verbose_name=_("craft village"),
    )
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    story_vi = models.TextField(_("cultural story (Vietnamese)"), blank=True)
    story_en = models.TextField(_("cultural story (English)"), blank=True)

    # Copied from the current certification by Certification.save()/delete() and
    # Product.refresh_rating(), so lists filter and count on indexed columns of one table.
    current_certification = models.OneToOneField(
        "catalogue.Certification", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    rating_stars = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    rating_potential_five_star = models.BooleanField(default=False, editable=False)
    rating_issued_on = models.DateField(null=True, blank=True, editable=False)
    rating_valid_until = models.DateField(null=True, blank=True, editable=False)

    search_text = models.TextField(editable=False, blank=True, help_text="Accent-free text searched by q.")
    search_name = models.CharField(max_length=400, editable=False, blank=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["rating_valid_until", "rating_stars"], name="product_listed_stars"),
            models.Index(fields=["rating_issued_on"], name="product_rating_issued"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating_stars__isnull=True) | models.Q(rating_stars__in=[3, 4, 5]),
                name="product_rating_stars_3_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.name_vi} ({self.code})"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def story(self) -> str:
        return localized(self, "story")

    def get_absolute_url(self):
        return reverse("catalogue:product_detail", kwargs={"slug": self.slug})

    @property
    def is_listed(self) -> bool:
        return bool(
            self.current_certification_id
            and self.rating_valid_until
            and self.rating_valid_until >= timezone.localdate()
        )

    def build_search_text(self) -> str:
        """Everything ``q`` should find this product by, accent-free and lower case."""
        parts = [self.name_vi, self.name_en, self.code, self.description_vi, self.description_en]
        if self.producer_id:
            parts.append(self.producer.name)
        if self.village_id:
            parts.append(self.village.name)
        return normalize_search(" ".join(p for p in parts if p))

    def clean(self):
        super().clean()
        if self.code:
            key = normalize_code(self.code)
            if not key:
                raise ValidationError({"code": _("A product code needs letters or digits.")})
            clash = Product.objects.filter(code_key=key).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"code": _(
                    "This code reads the same as %(code)s (spacing, case and accents are ignored)."
                ) % {"code": clash.code}})

    def save(self, *args, **kwargs):
        self.code_key = normalize_code(self.code)
        self.search_name = normalize_search(f"{self.name_vi} {self.name_en}")
        self.search_text = self.build_search_text()
        self.sort_name = vietnamese_sort_key(self.name_vi)
        super().save(*args, **kwargs)

    def refresh_rating(self, *, save: bool = True, on=None):
        """Copy the current certification (on ``on``, today by default) onto the rating columns."""
        from .certifications import Certification

        current = Certification.objects.current_for(self, on=on)
        self.current_certification = current
        self.rating_stars = current.stars if current else None
        self.rating_potential_five_star = bool(current and current.potential_five_star)
        self.rating_issued_on = current.issued_on if current else None
        self.rating_valid_until = current.valid_until if current else None
        if save:
            super().save(update_fields=[
                "current_certification", "rating_stars", "rating_potential_five_star",
                "rating_issued_on", "rating_valid_until",
            ])


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images",
                                verbose_name=_("product"))
    # Checked by Pillow, re-encoded without metadata, stored under a random name.
    image = SafeImageField(_("image"), upload_to="products/%Y/%m/")
    alt_text = models.CharField(_("alt text"), max_length=250,
                                help_text=_("What the photo shows, for people who cannot see it."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Photos added, replaced or removed are part of who changed what (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self):
        return self.alt_text
