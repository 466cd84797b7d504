"""Reference data: Hà Nội's wards/communes, the former districts and the OCOP classification.

They ship with the migrations. Staff may correct names and centre points, but not add or delete
rows (codes and slugs are identifiers other data and URLs depend on).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from catalogue.models import Area, Category, FormerDistrict

from .search import SmallTableSearchMixin


class ReferenceDataAdmin(SmallTableSearchMixin, admin.ModelAdmin):
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FormerDistrict)
class FormerDistrictAdmin(ReferenceDataAdmin):
    list_display = ("full_name", "kind", "code", "area_count")
    list_filter = ("kind",)
    readonly_fields = ("code", "kind", "slug")
    fields = ("code", "name", "kind", "slug")
    # Spelled out: the model's Meta.ordering is dropped from the annotated (GROUP BY) queryset,
    # and the autocomplete view pages through it in that order.
    ordering = ("sort_name", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_area_count=Count("areas"))

    @admin.display(description=_("name"), ordering="sort_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("wards/communes"), ordering="_area_count")
    def area_count(self, obj):
        return obj._area_count


@admin.register(Area)
class AreaAdmin(ReferenceDataAdmin):
    list_display = ("full_name", "kind", "code", "former_district_names", "latitude", "longitude")
    list_filter = ("kind", "former_districts")
    readonly_fields = ("code", "kind", "slug")
    fields = ("code", "name", "kind", "slug", "former_districts", "latitude", "longitude")
    autocomplete_fields = ("former_districts",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("former_districts")

    def search_haystack(self, obj):
        return f"{obj.official_name} {obj.full_name} {obj.code}"

    @admin.display(description=_("name"), ordering="sort_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("former districts"))
    def former_district_names(self, obj):
        return ", ".join(d.full_name for d in obj.former_districts.all())


class CategoryLevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("0", _("Group")), ("1", _("Sub-group")), ("2", _("Category"))]

    def queryset(self, request, queryset):
        if self.value() == "0":
            return queryset.filter(parent__isnull=True)
        if self.value() == "1":
            return queryset.filter(parent__isnull=False, parent__parent__isnull=True)
        if self.value() == "2":
            return queryset.filter(parent__parent__isnull=False)
        return queryset


@admin.register(Category)
class CategoryAdmin(TranslationAdmin, ReferenceDataAdmin):
    list_display = ("code", "name_vi", "name_en", "slug", "product_count")
    list_display_links = ("code", "name_vi")
    list_filter = (CategoryLevelFilter, "group_code")
    readonly_fields = ("code", "parent", "slug", "group_code")
    fields = ("code", "parent", "name_vi", "name_en", "slug", "group_code")
    ordering = ("code",)  # see FormerDistrictAdmin.ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_product_count=Count("products"))

    def search_haystack(self, obj):
        return f"{obj.code} {obj.name_vi} {obj.name_en}"

    @admin.display(description=_("products"), ordering="_product_count")
    def product_count(self, obj):
        return obj._product_count
