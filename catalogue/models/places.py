"""Hanoi's administrative units after the 1 July 2025 reform, and the districts before it."""

from django.db import models
from django.utils.translation import gettext, gettext_lazy as _

from catalogue.text import normalize_search, vietnamese_sort_key
from ocop_site.plain_text import PlainTextModel


class FormerDistrict(PlainTextModel):
    """A district-level unit abolished on 1 July 2025 (e.g. Huyện Gia Lâm).

    Old addresses and certificates still name these, so they stay searchable. Slugs carry the
    unit's prefix ('huyen-phu-xuyen') so they never collide with the new commune of the same
    name ('xa-phu-xuyen').
    """

    class Kind(models.TextChoices):
        URBAN_DISTRICT = "quan", _("Urban district (quận)")
        RURAL_DISTRICT = "huyen", _("Rural district (huyện)")
        TOWN = "thi_xa", _("Town (thị xã)")

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("Without prefix, e.g. 'Gia Lâm'."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("former district")
        verbose_name_plural = _("former districts")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        """With its unit in the page's language: 'Huyện Gia Lâm', 'Gia Lâm district'."""
        template = {
            "quan": gettext("%(name)s urban district"),
            "huyen": gettext("%(name)s district"),
            "thi_xa": gettext("%(name)s town"),
        }[self.kind]
        return template % {"name": self.name}

    @property
    def official_name(self) -> str:
        """The Vietnamese name as documents write it ('Huyện Gia Lâm'), whatever the language:
        for files, search text and matching."""
        prefix = {"quan": "Quận", "huyen": "Huyện", "thi_xa": "Thị xã"}[self.kind]
        return f"{prefix} {self.name}"

    def save(self, *args, **kwargs):
        self.sort_name = vietnamese_sort_key(self.name)
        super().save(*args, **kwargs)


class AreaQuerySet(models.QuerySet):
    def matching_name(self, text: str):
        """Areas whose name matches ``text`` ignoring case, accents and the Phường/Xã prefix."""
        key = normalize_search(text)
        for prefix in ("phuong ", "xa "):
            if key.startswith(prefix):
                key = key[len(prefix):]
        return self.filter(search_name=key)


class Area(PlainTextModel):
    """A ward (phường) or commune (xã) directly under Hà Nội since 1 July 2025."""

    class Kind(models.TextChoices):
        WARD = "phuong", _("Ward (phường)")
        COMMUNE = "xa", _("Commune (xã)")

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("Without prefix, e.g. 'Bát Tràng'."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    former_districts = models.ManyToManyField(
        FormerDistrict, related_name="areas", blank=True, verbose_name=_("former districts"),
        help_text=_("The district(s) before 1 July 2025 this unit was formed from."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("area (ward/commune)")
        verbose_name_plural = _("areas (wards/communes)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="area_unique_kind_name"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        """With its unit in the page's language: 'Xã Bát Tràng', 'Bát Tràng commune'."""
        if self.kind == self.Kind.WARD:
            return gettext("%(name)s ward") % {"name": self.name}
        return gettext("%(name)s commune") % {"name": self.name}

    @property
    def official_name(self) -> str:
        """The Vietnamese name as documents write it ('Xã Bát Tràng'), whatever the language."""
        return f"{'Phường' if self.kind == self.Kind.WARD else 'Xã'} {self.name}"

    def save(self, *args, **kwargs):
        self.search_name = normalize_search(self.name)
        self.sort_name = vietnamese_sort_key(self.name)
        super().save(*args, **kwargs)
