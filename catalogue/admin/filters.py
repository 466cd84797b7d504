"""Admin list filters. Each one costs at most one small query (the choices), whatever the number
of rows, and filters on indexed columns of the product/certification tables."""

import datetime

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Area, Category, Certification, FormerDistrict


class ProductRatingFilter(admin.SimpleListFilter):
    """The stars copied from the product's current certification."""

    title = _("current rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [
            ("5", "5★"),
            ("4p", _("4★, potential 5★")),
            ("4", "4★"),
            ("3", "3★"),
            ("none", _("no current rating")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(rating_stars__isnull=True)
        if value == "4p":
            return queryset.filter(rating_stars=4, rating_potential_five_star=True)
        if value == "4":  # the 4★ level counts potential 5★ apart, as the public pages do
            return queryset.filter(rating_stars=4, rating_potential_five_star=False)
        if value in {"3", "5"}:
            return queryset.filter(rating_stars=int(value))
        return queryset


class ProductGroupFilter(admin.SimpleListFilter):
    """OCOP group or sub-group: choosing a group includes everything below it."""

    title = _("product group")
    parameter_name = "group"
    category_field = "category"

    def lookups(self, request, model_admin):
        # Groups ('1') and sub-groups ('1.4'); leaf categories would make the list too long.
        categories = [c for c in Category.objects.order_by("code") if c.depth <= 1]
        return [(c.code, f"{'— ' if c.depth else ''}{c.code} {c.name}") for c in categories]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        field = self.category_field
        return queryset.filter(Q(**{f"{field}__code": code}) | Q(**{f"{field}__code__startswith": code + "."}))


class CertificationGroupFilter(ProductGroupFilter):
    category_field = "product__category"


class AreaFilter(admin.SimpleListFilter):
    """Ward/commune of the producer or of the craft village."""

    title = _("area (ward/commune)")
    parameter_name = "area"
    area_fields = ("producer__area", "village__area")

    def lookups(self, request, model_admin):
        return [(str(a.pk), a.full_name) for a in Area.objects.all()]

    def _area_q(self, areas):
        q = Q()
        for field in self.area_fields:
            q |= Q(**{f"{field}__in": areas})
        return q

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            pk = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(self._area_q([pk]))


class FormerDistrictFilter(AreaFilter):
    """The district (before July 2025) of the producer's or village's ward/commune.

    Filters through a sub-query of areas, so a ward formed from several districts never
    duplicates rows.
    """

    title = _("former district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(str(d.pk), d.full_name) for d in FormerDistrict.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            pk = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(self._area_q(Area.objects.filter(former_districts=pk).values("pk")))


class AreaOnlyFilter(AreaFilter):
    area_fields = ("area",)


class FormerDistrictOnlyFilter(FormerDistrictFilter):
    area_fields = ("area",)


EXPIRING_DAYS = 90


class ProductCertificationStatusFilter(admin.SimpleListFilter):
    """Listed, expiring soon, expired, revoked or never certified."""

    title = _("certification status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("listed", _("Listed (current certification)")),
            ("expiring", _("Expiring within %(days)s days") % {"days": EXPIRING_DAYS}),
            ("expired", _("Expired")),
            ("revoked", _("Revoked, not listed")),
            ("none", _("Never certified")),
            ("unlisted", _("Not listed (expired, revoked or never certified)")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        # The same rule as Product.objects.listed(), as a Q so it can also be excluded.
        listed = Q(current_certification__isnull=False, rating_valid_until__gte=today)
        certs = Certification.objects.filter(product=OuterRef("pk"))
        if value == "listed":
            return queryset.listed()
        if value == "expiring":
            return queryset.listed().filter(rating_valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS))
        if value == "expired":
            # Not listed, with an active certification past its date (a product can be both
            # expired and revoked: a 3-star certificate ran out, the 4-star one was revoked).
            return queryset.exclude(listed).filter(Exists(certs.active().filter(valid_until__lt=today)))
        if value == "revoked":
            return queryset.exclude(listed).filter(Exists(certs.filter(status=Certification.Status.REVOKED)))
        if value == "none":
            return queryset.exclude(Exists(certs))
        if value == "unlisted":
            return queryset.exclude(listed)
        return queryset


class CertificationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Current (active, valid)")),
            ("expiring", _("Expiring within %(days)s days") % {"days": EXPIRING_DAYS}),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "current":
            return queryset.current()
        if value == "expiring":
            return queryset.expiring_within(EXPIRING_DAYS)
        if value == "expired":
            return queryset.active().filter(valid_until__lt=today)
        if value == "revoked":
            return queryset.filter(status=Certification.Status.REVOKED)
        return queryset
