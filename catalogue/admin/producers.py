"""Producers (enterprises, cooperatives, household businesses) and craft villages."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import CraftVillage, CraftVillageAlias, Producer, Product
from ocop_site.translation import EnglishMissingFilter

from .filters import AreaOnlyFilter, FormerDistrictOnlyFilter
from .search import AccentInsensitiveSearchMixin

TIMESTAMPS = ("created_at", "updated_at")


class ProductCountMixin:
    """A "products" column. A correlated sub-query rather than a GROUP BY: the database counts
    only for the rows on the page, not for every producer before paginating."""

    def get_queryset(self, request):
        count = (Product.objects.filter(**{self.product_fk: OuterRef("pk")}).order_by()
                 .values(self.product_fk).annotate(n=Count("pk")).values("n"))
        return super().get_queryset(request).annotate(_product_count=Coalesce(Subquery(count), 0))

    @admin.display(description=_("products"), ordering="_product_count")
    def product_count(self, obj):
        return obj._product_count


@admin.register(Producer)
class ProducerAdmin(ProductCountMixin, AccentInsensitiveSearchMixin, TranslationAdmin, SimpleHistoryAdmin):
    product_fk = "producer"
    show_full_result_count = False
    list_display = ("name", "kind", "area", "phone", "product_count", "updated_at")
    list_select_related = ("area",)
    list_filter = ("kind", AreaOnlyFilter, FormerDistrictOnlyFilter, EnglishMissingFilter)
    search_fields = ("search_name__contains",)
    raw_search_fields = ("phone", "email")
    autocomplete_fields = ("area",)
    readonly_fields = TIMESTAMPS
    ordering = ("sort_name", "pk")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind")}),
        (_("Address and contact"), {"fields": ("address", "area", "phone", "email", "website")}),
        (None, {"fields": ("description",)}),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # The slug is made once from the name and then kept, so published links keep working.
        return (*TIMESTAMPS, "slug") if obj else TIMESTAMPS

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # the slug is made from the name on first save
            first = dict(fieldsets[0][1], fields=("name", "kind"))
            return ((None, first), *fieldsets[1:])
        return fieldsets


class CraftVillageAliasInline(admin.TabularInline):
    """Other names of the village ("Chuyên Mỹ" for Chuôn Ngọ): the import matches them too."""

    model = CraftVillageAlias
    fields = ("name",)
    extra = 1


@admin.register(CraftVillage)
class CraftVillageAdmin(ProductCountMixin, AccentInsensitiveSearchMixin, TranslationAdmin, SimpleHistoryAdmin):
    product_fk = "village"
    inlines = (CraftVillageAliasInline,)
    list_display = ("name_vi", "area", "main_craft_vi", "is_traditional", "recognised_year", "product_count")
    list_select_related = ("area",)
    list_filter = ("is_traditional", AreaOnlyFilter, FormerDistrictOnlyFilter, EnglishMissingFilter)
    search_fields = ("search_name__contains", "aliases__search_name__contains")
    raw_search_fields = ("main_craft_vi", "main_craft_en")
    autocomplete_fields = ("area",)
    ordering = ("sort_name", "pk")
    fieldsets = (
        (None, {"fields": ("name", "slug", "area", "main_craft")}),
        (_("Recognition"), {"fields": ("is_traditional", "recognised_year")}),
        (None, {"fields": ("description", "visitor_info")}),
        (_("Location"), {"fields": ("latitude", "longitude")}),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        return (*TIMESTAMPS, "slug") if obj else TIMESTAMPS

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            first = dict(fieldsets[0][1], fields=("name_vi", "name_en", "area", "main_craft_vi", "main_craft_en"))
            return ((None, first), *fieldsets[1:])
        return fieldsets
