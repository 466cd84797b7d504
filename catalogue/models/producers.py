"""Who makes OCOP products, and the craft villages they work in."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.text import normalize_search, vietnamese_sort_key
from ocop_site.plain_text import PlainTextModel

from .base import SluggedModel
from .places import Area


class Producer(PlainTextModel, SluggedModel):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        HOUSEHOLD = "household", _("Household business")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    address = models.CharField(_("address (as written)"), max_length=300, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="producers",
        verbose_name=_("area"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:producer_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_name = normalize_search(self.name)
        self.sort_name = vietnamese_sort_key(self.name)
        super().save(*args, **kwargs)


class CraftVillageQuerySet(models.QuerySet):
    def map_markers(self) -> tuple[list[dict], int]:
        """The villages with coordinates as plain values for a map (id, name, main craft,
        coordinates, page URL), and how many villages the queryset holds in all: one query,
        which also spares a list its COUNT."""
        rows = list(self.select_related(None).prefetch_related(None)
                    .values("pk", "slug", "name", "main_craft", "latitude", "longitude"))
        label = str(_("Craft village"))
        markers = [
            {"id": row["pk"], "name": row["name"], "kind": "village", "kind_label": label,
             "lat": float(row["latitude"]), "lon": float(row["longitude"]), "address": row["main_craft"],
             "url": reverse("catalogue:village_detail", kwargs={"slug": row["slug"]})}
            for row in rows
            if row["latitude"] is not None and row["longitude"] is not None
        ]
        return markers, len(rows)


class CraftVillage(PlainTextModel, SluggedModel):
    slug_source_field = "name_vi"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="villages",
        verbose_name=_("area"),
    )
    main_craft = models.CharField(_("main craft"), max_length=200, blank=True)
    is_traditional = models.BooleanField(
        _("recognised traditional craft village"), default=False, db_index=True
    )
    recognised_year = models.PositiveSmallIntegerField(
        _("year recognised"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    description = models.TextField(_("description"), blank=True)
    visitor_info = models.TextField(
        _("visitor information"), blank=True,
        help_text=_("How to get there, opening times of workshops, what visitors can try."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    objects = CraftVillageQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("craft village")
        verbose_name_plural = _("craft villages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recognised_year__isnull=True) | models.Q(is_traditional=True),
                name="village_year_only_if_recognised",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:village_detail", kwargs={"slug": self.slug})

    @property
    def place_point(self):
        """(latitude, longitude) to show the village at: its own, else its ward/commune's centre;
        None when neither is known."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        if self.area_id and self.area.latitude is not None and self.area.longitude is not None:
            return self.area.latitude, self.area.longitude
        return None

    def save(self, *args, **kwargs):
        # The Vietnamese name, whatever language the staff member saves in.
        self.search_name = normalize_search(self.name_vi or "")
        self.sort_name = vietnamese_sort_key(self.name_vi or "")
        super().save(*args, **kwargs)


class CraftVillageAlias(PlainTextModel):
    """Another name a craft village is known by ("Chuyên Mỹ" for Chuôn Ngọ, "làng lụa Hà Đông"
    for Vạn Phúc). The spreadsheet import matches it as it matches the village's own name, and
    the admin's village search finds it."""

    village = models.ForeignKey(CraftVillage, on_delete=models.CASCADE, related_name="aliases",
                                verbose_name=_("craft village"))
    name = models.CharField(_("other name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["village", "search_name"], name="village_alias_unique"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # One name, one village: an import could not tell two villages of one name apart.
        key = normalize_search(self.name)
        if not key:
            return
        village_id = self.village_id
        other = (CraftVillage.objects.filter(search_name=key).exclude(pk=village_id).first()
                 or CraftVillage.objects.filter(aliases__search_name=key).exclude(pk=village_id).first())
        if other:
            raise ValidationError({"name": _("“%(name)s” is already the name or another name of the "
                                             "craft village “%(village)s”.") % {"name": self.name,
                                                                                "village": other.name}})
        if village_id and CraftVillage.objects.filter(pk=village_id, search_name=key).exists():
            raise ValidationError({"name": _("This is the village's own name.")})

    def save(self, *args, **kwargs):
        self.search_name = normalize_search(self.name)
        super().save(*args, **kwargs)
