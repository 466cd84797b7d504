"""Showrooms, sales points and promotion centres where OCOP goods are sold, with their hours."""

import datetime
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Area, Category, Producer, Product
from catalogue.models.base import SluggedModel
from catalogue.text import normalize_search, vietnamese_sort_key
from ocop_site.plain_text import PlainTextModel
from ocop_site.uploads import SafeImageField

from . import hours
from .querysets import ShowroomQuerySet

# Roughly Vietnam's mainland (the brief's bounds). A point outside is a typo or swapped lat/lon.
VIETNAM_LAT = (8.0, 23.5)
VIETNAM_LON = (102.0, 110.0)


def outside_vietnam_message(latitude, longitude) -> str | None:
    """Why (``latitude``, ``longitude``) cannot be a place in Vietnam, or None if it can."""
    if latitude is None or longitude is None:
        return None
    lat_ok = VIETNAM_LAT[0] <= latitude <= VIETNAM_LAT[1]
    lon_ok = VIETNAM_LON[0] <= longitude <= VIETNAM_LON[1]
    if lat_ok and lon_ok:
        return None
    swapped = (VIETNAM_LAT[0] <= longitude <= VIETNAM_LAT[1]) and (VIETNAM_LON[0] <= latitude <= VIETNAM_LON[1])
    message = _(
        "The point (%(lat)s, %(lon)s) is outside Vietnam: latitude must be between %(lat_min)s and "
        "%(lat_max)s, longitude between %(lon_min)s and %(lon_max)s (Hà Nội is about 21.03, 105.85)."
    ) % {"lat": latitude, "lon": longitude, "lat_min": VIETNAM_LAT[0], "lat_max": VIETNAM_LAT[1],
         "lon_min": VIETNAM_LON[0], "lon_max": VIETNAM_LON[1]}
    if swapped:
        message += " " + str(_("Latitude and longitude look swapped."))
    return message


class Showroom(PlainTextModel, SluggedModel):
    # name, address, description are translated (showrooms/translation.py): name_vi, name_en, …
    slug_source_field = "name_vi"

    class Kind(models.TextChoices):
        SHOWROOM = "showroom", _("OCOP showroom")
        SALES_POINT = "sales_point", _("OCOP sales point")
        DESIGN_CENTRE = "design_centre", _("Creative design & sales centre")
        PROMOTION_CENTRE = "promotion_centre", _("Promotion centre")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHOWROOM,
                            db_index=True)
    address = models.CharField(_("address (as written)"), max_length=300)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="showrooms",
                             verbose_name=_("area"))
    # Floats, not decimals: the haversine distance is computed in SQL with float math on both
    # SQLite and PostgreSQL; six decimals (~0.1 m) are more than a shop door needs.
    # Range checked by clean() (one clear message, with a hint when swapped) and a DB constraint.
    latitude = models.FloatField(_("latitude"), help_text=_("Decimal degrees, e.g. 21.0705 (north)."))
    longitude = models.FloatField(_("longitude"), help_text=_("Decimal degrees, e.g. 105.8180 (east)."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    producers = models.ManyToManyField(
        Producer, related_name="showrooms", blank=True, verbose_name=_("producers carried"),
        help_text=_("Every listed product of these producers is on sale here."),
    )
    products = models.ManyToManyField(
        Product, related_name="showrooms", blank=True, verbose_name=_("products carried"),
        help_text=_("Single products on sale here (in addition to the producers above)."),
    )
    categories = models.ManyToManyField(
        Category, related_name="showrooms", blank=True, limit_choices_to={"parent__isnull": True},
        verbose_name=_("product groups carried"),
        help_text=_("Groups sold here even if the products are not entered one by one. The groups "
                    "of the products and producers above are added automatically."),
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True,
                                    help_text=_("Inactive showrooms are hidden from the public."))
    search_text = models.TextField(editable=False, blank=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ShowroomQuerySet.as_manager()

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords(m2m_fields=[producers, products, categories])

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("showroom")
        verbose_name_plural = _("showrooms")
        indexes = [
            # The locator's bounding-box prefilter: a range on latitude, then on longitude.
            models.Index(fields=["latitude", "longitude"], name="showroom_lat_lon"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=VIETNAM_LAT[0], latitude__lte=VIETNAM_LAT[1],
                                   longitude__gte=VIETNAM_LON[0], longitude__lte=VIETNAM_LON[1]),
                name="showroom_in_vietnam",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("showrooms:showroom_detail", kwargs={"slug": self.slug})

    def clean(self):
        message = outside_vietnam_message(self.latitude, self.longitude)
        if message:
            raise ValidationError({"latitude": message, "longitude": message})

    def build_search_text(self) -> str:
        parts = [self.name_vi, self.address_vi]
        if self.area_id:
            parts.append(self.area.official_name)
        return normalize_search(" ".join(p for p in parts if p))

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        self.sort_name = vietnamese_sort_key(self.name_vi or "")
        super().save(*args, **kwargs)

    @property
    def point(self) -> str:
        return f"{self.latitude:.6f},{self.longitude:.6f}"

    @property
    def osm_url(self) -> str:
        return (f"https://www.openstreetmap.org/?mlat={self.latitude:.6f}&mlon={self.longitude:.6f}"
                f"#map=18/{self.latitude:.6f}/{self.longitude:.6f}")

    @property
    def osm_directions_url(self) -> str:
        return f"https://www.openstreetmap.org/directions?to={quote(self.point)}"

    @property
    def google_directions_url(self) -> str:
        return f"https://www.google.com/maps/dir/?api=1&destination={quote(self.point)}"

    # Opening hours: from prefetched rows when the queryset prefetched them (for_list/for_detail).
    def schedule(self) -> hours.Schedule:
        return hours.Schedule.build(
            ((h.weekday, h.opens, h.closes) for h in self.opening_hours.all()),
            ((e.date_from, e.date_to, e.opens, e.closes, e.note) for e in self.opening_exceptions.all()),
        )

    def status(self, now=None) -> hours.Status:
        return self.schedule().status(now or timezone.now())

    def carried_products(self):
        """Listed products on sale here: chosen one by one or through their producer."""
        return Product.objects.listed().filter(
            models.Q(showrooms=self) | models.Q(producer__showrooms=self)
        ).distinct()

    def carried_groups(self):
        """Top-level product groups sold here: ticked explicitly or derived from the products."""
        # A subquery, not a list: the page asks for the groups in one query.
        group_codes = self.carried_products().order_by().values("category__group_code")
        return Category.objects.filter(parent__isnull=True).filter(
            models.Q(code__in=group_codes) | models.Q(showrooms=self)
        ).distinct()


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    showroom = models.ForeignKey(Showroom, on_delete=models.CASCADE, related_name="opening_hours",
                                 verbose_name=_("showroom"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(
        _("closes"),
        help_text=_("At or before the opening time means the next morning (18:00–02:00); "
                    "00:00–00:00 is open all day."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        indexes = [models.Index(fields=["weekday", "showroom"], name="openinghours_weekday")]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6),
                                   name="openinghours_weekday_0_6"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(PlainTextModel):
    """Dated hours replacing the weekly ones: a Tết closure, a fair's longer hours."""

    showroom = models.ForeignKey(Showroom, on_delete=models.CASCADE, related_name="opening_exceptions",
                                 verbose_name=_("showroom"))
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to (inclusive)"), blank=True,
                               help_text=_("Leave empty for a single day."))
    opens = models.TimeField(_("opens"), null=True, blank=True,
                             help_text=_("Leave both times empty when closed."))
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True,
                            help_text=_("Shown to visitors, e.g. 'Tết Nguyên Đán'."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["date_from", "opens"]
        verbose_name = _("dated exception")
        verbose_name_plural = _("dated exceptions (holidays, special hours)")
        indexes = [models.Index(fields=["date_to", "date_from"], name="openingexc_dates")]
        constraints = [
            models.CheckConstraint(condition=models.Q(date_to__gte=models.F("date_from")),
                                   name="openingexc_dates_in_order"),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True, closes__isnull=True)
                | models.Q(opens__isnull=False, closes__isnull=False),
                name="openingexc_both_times_or_none",
            ),
        ]

    def __str__(self):
        when = f"{self.date_from:%d/%m/%Y}"
        if self.date_to and self.date_to != self.date_from:
            when += f"–{self.date_to:%d/%m/%Y}"
        what = f"{self.opens:%H:%M}–{self.closes:%H:%M}" if self.opens else str(_("closed"))
        return f"{when}: {what}"

    @property
    def closed(self) -> bool:
        return self.opens is None

    def clean(self):
        errors = {}
        if self.date_from and not self.date_to:
            self.date_to = self.date_from
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = _("The last day cannot be before the first day.")
        if (self.opens is None) != (self.closes is None):
            errors["closes" if self.closes is None else "opens"] = _(
                "Give both the opening and the closing time, or neither (closed)."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.date_from and not self.date_to:
            self.date_to = self.date_from
        super().save(*args, **kwargs)


class ShowroomPhoto(PlainTextModel):
    showroom = models.ForeignKey(Showroom, on_delete=models.CASCADE, related_name="photos",
                                 verbose_name=_("showroom"))
    # Checked and re-encoded like product photos, with renditions (ocop_site/thumbnails.py).
    image = SafeImageField(_("image"), upload_to="showrooms/%Y/%m/",
                           width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    alt_text = models.CharField(_("alt text"), max_length=250,
                                help_text=_("What the photo shows, for people who cannot see it."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())
