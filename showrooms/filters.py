"""The showroom locator's GET parameters: filters, and the point distances are measured from.

- ``q``, ``kind``, ``category`` (a top-level product group's slug), ``open_now=1``: filters.
- ``near=<lat>,<lon>``: sort by distance from that point, within ``radius`` km (default 50).
- ``area=<slug>`` (a ward/commune or a former district): without ``near``, distances are measured
  from the area's centre (a former district's centre is the mean of its wards' centres). An area
  without a known centre filters to the showrooms in it instead, and the page says so. With
  ``near``, ``area`` narrows the list to that area.
- ``product=<slug>``: showrooms selling that product (the product page's "see all" link).

Malformed values never raise: the form reports them, the view answers 400 and lists by the
parameters that were valid.
"""

import math
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Area, Category, FormerDistrict, Product

from .models import Showroom

RADIUS_CHOICES = [1, 2, 5, 10, 20, 50, 100]
DEFAULT_RADIUS_KM = 50


def parse_point(text: str) -> tuple[float, float]:
    """'21.0285,105.8542' → (21.0285, 105.8542); ValidationError with a clear message otherwise."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 2:
        raise forms.ValidationError(
            _("Give the location as latitude,longitude in decimal degrees, e.g. 21.0285,105.8542."),
            code="format",
        )
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise forms.ValidationError(
            _("Give the location as latitude,longitude in decimal degrees, e.g. 21.0285,105.8542."),
            code="format",
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise forms.ValidationError(
            _("Latitude must be between -90 and 90 and longitude between -180 and 180."), code="range"
        )
    return lat, lon


@dataclass(frozen=True)
class Origin:
    """The point distances are measured from, and how to describe it."""

    latitude: float
    longitude: float
    place: Area | FormerDistrict | None = None  # None: the visitor's own location


def place_centre(place) -> tuple[float, float] | None:
    """An Area's own centre; a FormerDistrict's is the mean of its wards' centres, as
    ``find_place`` annotates it."""
    if isinstance(place, Area):
        latitude, longitude = place.latitude, place.longitude
    else:
        latitude, longitude = place.centre_latitude, place.centre_longitude
    if latitude is None or longitude is None:
        return None
    return float(latitude), float(longitude)


# New wards and communes (since July 2025) have slugs "phuong-…"/"xa-…"; former districts
# "quan-…", "huyen-…", "thi-xa-…". Looking in the likely table first makes a valid slug one query.
AREA_SLUG_PREFIXES = ("phuong-", "xa-")


def find_place(slug: str) -> Area | FormerDistrict | None:
    """The ward/commune or former district (with its centre annotated) with this slug."""
    def area():
        return Area.objects.filter(slug=slug).first()

    def district():
        # Avg ignores wards without coordinates, as the centre should.
        return FormerDistrict.objects.filter(slug=slug).annotate(
            centre_latitude=Avg("areas__latitude"), centre_longitude=Avg("areas__longitude"),
        ).first()

    first, second = (area, district) if slug.startswith(AREA_SLUG_PREFIXES) else (district, area)
    return first() or second()


class LocatorForm(forms.Form):
    def clean_near(self):
        value = (self.cleaned_data.get("near") or "").strip()
        return parse_point(value) if value else None

    def clean_area(self):
        slug = self.cleaned_data.get("area")
        if not slug:
            return None
        place = find_place(slug) if len(slug) <= 100 else None
        if place is None:
            raise forms.ValidationError(_("Choose a ward, commune or former district from the list."))
        return place

    def clean_product(self):
        slug = self.cleaned_data.get("product")
        if not slug:
            return None
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            raise forms.ValidationError(_("There is no product at this address."))
        return product


def area_choices():
    """Wards/communes that have showrooms or a known centre, then former districts with showrooms."""
    active = Showroom.objects.active()
    areas = Area.objects.filter(
        pk__in=active.values("area")
    ) | Area.objects.filter(latitude__isnull=False, longitude__isnull=False)
    districts = FormerDistrict.objects.filter(areas__in=areas).distinct()
    return [
        ("", _("Anywhere in Hà Nội")),
        (_("Wards and communes"), [(a.slug, a.full_name) for a in areas.distinct().order_by("sort_name")]),
        (_("Former districts (before 1 July 2025)"), [(d.slug, d.full_name) for d in districts]),
    ]


class ShowroomFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or address"), method="filter_q", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Showroom.Kind.choices,
                                       empty_label=_("All kinds"))
    category = django_filters.ChoiceFilter(label=_("Sells"), method="filter_category",
                                           empty_label=_("All product groups"))
    # Any ward/commune or former district slug is accepted (the select lists the useful ones).
    area = django_filters.CharFilter(label=_("Near / in"), method="filter_later", widget=forms.Select)
    # Filled by "Use my location" (or a shared link), never typed: a hidden field, so the point
    # survives a change of the other filters.
    near = django_filters.CharFilter(label=_("My location (latitude,longitude)"), method="filter_later",
                                     max_length=60, widget=forms.HiddenInput)
    radius = django_filters.TypedChoiceFilter(
        label=_("Within"), method="filter_later", coerce=int,
        choices=[(km, _("%(km)s km") % {"km": km}) for km in RADIUS_CHOICES],
    )
    open_now = django_filters.BooleanFilter(label=_("Open now"), method="filter_open_now",
                                            widget=forms.CheckboxInput)
    product = django_filters.CharFilter(method="filter_later", widget=forms.HiddenInput, max_length=80)

    class Meta:
        model = Showroom
        fields = []
        form = LocatorForm

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.filters["area"].extra["widget"] = forms.Select(choices=area_choices())
        self.groups = list(Category.objects.filter(parent__isnull=True).order_by("code"))
        self.filters["category"].extra["choices"] = [(c.slug, c.name) for c in self.groups]
        self.filters["radius"].extra["initial"] = DEFAULT_RADIUS_KM
        self.origin: Origin | None = None
        self.area_without_centre = None
        self.product = None

    # Filters whose meaning depends on others are applied together in filter_queryset().
    def filter_later(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value) if value else queryset

    def filter_category(self, queryset, name, value):
        group = next((group for group in self.groups if group.slug == value), None)
        return queryset.carrying_group(group.code) if group else queryset

    def filter_open_now(self, queryset, name, value):
        return queryset.open_at(self.now) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        self.product = data.get("product")
        if self.product:
            queryset = queryset.carrying_product(self.product)
        near, place = data.get("near"), data.get("area")
        if near:
            self.origin = Origin(*near)
            if place is not None:
                queryset = queryset.in_place(place)
        elif place is not None:
            centre = place_centre(place)
            if centre:
                self.origin = Origin(*centre, place=place)
            else:
                self.area_without_centre = place
                queryset = queryset.in_place(place)
        if self.origin:
            radius = data.get("radius") or DEFAULT_RADIUS_KM
            queryset = queryset.within(self.origin.latitude, self.origin.longitude, radius)
        return queryset

    @property
    def radius_km(self) -> int:
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return cleaned.get("radius") or DEFAULT_RADIUS_KM
