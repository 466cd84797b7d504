"""Reads of showrooms: visibility, prefetching, filters and the locator's distance, in SQL.

Distance is the great-circle (haversine) distance computed by the database with Django's math
functions, which exist on PostgreSQL and SQLite alike (Django registers them on an SQLite built
without its math extension). A bounding box on the indexed latitude/longitude narrows the rows
first, so only nearby showrooms get the trigonometry.
"""

import datetime
import math

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from catalogue.models import Product

from .hours import to_vietnam

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km, the same formula the database evaluates."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float):
    """(min_lat, max_lat, min_lon, max_lon) of a box containing every point within ``km``."""
    angle = km / EARTH_RADIUS_KM  # radians of arc
    dlat = math.degrees(angle)
    # The widest longitude on the circle is not on the point's parallel (great circles bulge
    # towards the pole): asin(sin(angle) / cos(lat)). Near a pole the box spans every longitude.
    ratio = math.sin(angle) / max(math.cos(math.radians(lat)), 1e-9)
    dlon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_expression(lat: float, lon: float, *, lat_field="latitude", lon_field="longitude"):
    """SQL haversine distance (km) from (``lat``, ``lon``) to the row's coordinates."""
    phi1 = math.radians(lat)
    half_dphi = (Radians(F(lat_field)) - Value(phi1)) / Value(2.0)
    half_dlambda = (Radians(F(lon_field)) - Value(math.radians(lon))) / Value(2.0)
    a = (Power(Sin(half_dphi), Value(2.0))
         + Value(math.cos(phi1)) * Cos(Radians(F(lat_field))) * Power(Sin(half_dlambda), Value(2.0)))
    # Least(): rounding can push sqrt(a) a hair above 1, where asin() fails on PostgreSQL.
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0)))


class ShowroomQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_list(self, *, today=None):
        """What a list entry shows (area, today's status) in a fixed number of queries."""
        from .models import OpeningException

        today = today or timezone.localdate()
        return self.select_related("area").prefetch_related(
            "opening_hours",
            models.Prefetch(
                "opening_exceptions",
                # Past exceptions never matter; yesterday's can still run past midnight.
                queryset=OpeningException.objects.filter(date_to__gte=today - datetime.timedelta(days=1)),
            ),
        )

    def map_markers(self) -> list[dict]:
        """What a map needs of every showroom in the queryset (not just a page of the list), in
        one query of plain values: id, name, kind, its label, coordinates, address, page URL."""
        from django.urls import reverse

        kinds = dict(self.model.Kind.choices)
        rows = self.prefetch_related(None).values("pk", "slug", "name", "kind", "latitude", "longitude", "address")
        return [
            {"id": row["pk"], "name": row["name"], "kind": row["kind"], "kind_label": str(kinds.get(row["kind"], "")),
             "lat": row["latitude"], "lon": row["longitude"], "address": row["address"],
             "url": reverse("showrooms:showroom_detail", args=[row["slug"]])}
            for row in rows  # coordinates are required: one marker per row, so len() is the count
        ]

    def search(self, text: str):
        """Name, address or area, ignoring accents and case: the words as typed ('tay ho') if
        anything has them together, else every word anywhere ('bat trang ocop')."""
        from catalogue.text import normalize_search

        key = normalize_search(text)
        if not key:
            return self
        phrase = models.Q(search_text__contains=key)
        if " " not in key:
            return self.filter(phrase)
        every_word = models.Q(*(models.Q(search_text__contains=word) for word in key.split()))
        # One query: the phrase, or (only when nothing has the phrase) every word anywhere.
        return self.filter(phrase | (every_word & ~models.Exists(self.filter(phrase))))

    def in_place(self, place):
        """Showrooms in an Area (ward/commune) or in the wards formed from a FormerDistrict."""
        from catalogue.models import Area

        if isinstance(place, Area):
            return self.filter(area=place)
        return self.filter(area__former_districts=place)

    def carrying_group(self, group_code: str):
        """Showrooms selling products of the top-level group ``group_code`` ('1' food…): a listed
        product of the group carried directly or through its producer, or the group ticked."""
        products = Product.objects.listed().filter(category__group_code=group_code)
        model = self.model
        return self.filter(
            Exists(model.products.through.objects.filter(showroom_id=OuterRef("pk"), product__in=products))
            | Exists(model.producers.through.objects.filter(
                showroom_id=OuterRef("pk"), producer__products__in=products))
            | Exists(model.categories.through.objects.filter(
                showroom_id=OuterRef("pk"), category__group_code=group_code))
        )

    def carrying_product(self, product):
        """Showrooms selling ``product``: chosen one by one or through its producer."""
        model = self.model
        return self.filter(
            Exists(model.products.through.objects.filter(showroom_id=OuterRef("pk"), product_id=product.pk))
            | Exists(model.producers.through.objects.filter(
                showroom_id=OuterRef("pk"), producer_id=product.producer_id))
        )

    def with_distance(self, lat: float, lon: float):
        return self.annotate(distance_km=distance_expression(lat, lon))

    def within(self, lat: float, lon: float, km: float):
        """Showrooms within ``km`` of the point, nearest first, with ``distance_km``."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
        return (
            self.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
            .with_distance(lat, lon)
            .filter(distance_km__lte=km)
            .order_by("distance_km", "sort_name", "pk")
        )

    def open_at(self, now: datetime.datetime):
        """Showrooms open at ``now`` (Vietnam time), by the rules of ``showrooms.hours``, in SQL."""
        from .models import OpeningException, OpeningHours

        local = to_vietnam(now)
        today, t = local.date(), local.time().replace(microsecond=0, tzinfo=None)
        yesterday = today - datetime.timedelta(days=1)
        crosses_midnight = Q(closes__lte=F("opens"))
        open_since_today = Q(opens__lte=t) & (Q(closes__gt=t) | crosses_midnight)
        open_since_yesterday = crosses_midnight & Q(closes__gt=t)

        weekly = OpeningHours.objects.filter(showroom_id=OuterRef("pk"))
        exceptions = OpeningException.objects.filter(showroom_id=OuterRef("pk"))

        def open_by(day, contains):
            covering = exceptions.filter(date_from__lte=day, date_to__gte=day)
            by_exception = ~Exists(covering.filter(opens__isnull=True)) & Exists(
                covering.filter(contains, opens__isnull=False))
            by_week = ~Exists(covering) & Exists(weekly.filter(contains, weekday=day.weekday()))
            return by_exception | by_week

        return self.filter(open_by(today, open_since_today) | open_by(yesterday, open_since_yesterday))
