"""Products, with their images and rating history (certifications) edited inline."""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Certification, Product, ProductImage
from catalogue.templatetags.images import rendition_url
from ocop_site.translation import EnglishMissingFilter

from .actions import revoke_current_certifications
from .filters import AreaFilter, FormerDistrictFilter, ProductCertificationStatusFilter, ProductGroupFilter, \
    ProductRatingFilter
from .exports import export_urls
from .imports import can_import, import_urls
from .labels import print_labels
from .revocation import CertificationAdminForm
from .search import AccentInsensitiveSearchMixin

TIMESTAMPS = ("created_at", "updated_at")


def stars_label(stars, potential):
    if not stars:
        return "—"
    return f"{stars}★" + (" (" + str(_("potential 5★")) + ")" if potential else "")


class ProductImageInline(TranslationTabularInline):
    model = ProductImage
    fields = ("preview", "image", "alt_text", "position")
    readonly_fields = ("preview",)
    extra = 0
    ordering = ("position", "pk")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        # 128 px shown: the smallest rendition (320 px) is sharp on any screen, a fraction of the original.
        return format_html('<img src="{}" alt="{}" width="128">', rendition_url(obj.image, 256), obj.alt_text)


class CertificationInline(TranslationStackedInline):
    """The rating history. Saving one refreshes the product's current rating."""

    model = Certification
    form = CertificationAdminForm
    extra = 0
    ordering = ("-issued_on", "-pk")
    show_change_link = True
    fieldsets = (
        (None, {"fields": (("stars", "potential_five_star"), ("score", "issuing_level"),
                           ("certificate_no", "authority"), ("issued_on", "valid_until"), "status")}),
        (_("Revocation"), {"fields": (("revoked_on", "revocation_decision_no"), "revocation_reason"),
                           "classes": ("collapse",)}),
    )


@admin.register(Product)
class ProductAdmin(AccentInsensitiveSearchMixin, TranslationAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name_vi", "rating", "category", "producer", "village", "valid_until", "listed")
    list_display_links = ("code", "name_vi")
    # Every column above comes from these joins: one query for the page, whatever its size.
    list_select_related = ("category", "producer", "village")
    list_filter = (ProductRatingFilter, ProductCertificationStatusFilter, ProductGroupFilter,
                   "producer__kind", AreaFilter, FormerDistrictFilter, EnglishMissingFilter)
    search_fields = ("search_text__contains",)
    raw_search_fields = ("code",)
    # Counting 20,000 rows twice per page is wasted: show "N results" for the filtered list only.
    show_full_result_count = False
    list_per_page = 50
    ordering = ("sort_name", "pk")
    autocomplete_fields = ("category", "producer", "village")
    readonly_fields = ("current_rating", "listed", *TIMESTAMPS)
    inlines = (CertificationInline, ProductImageInline)
    actions = (revoke_current_certifications, print_labels)
    # Adds "Import from spreadsheet" (catalogue/admin/imports.py) and the register's export
    # (catalogue/admin/exports.py) to the list's tools.
    change_list_template = "admin/catalogue/product/change_list.html"
    fieldsets = (
        (None, {"fields": (("code", "gtin"), ("name_vi", "name_en"), "slug", "category", "producer", "village")}),
        (_("Current rating"), {
            "fields": ("current_rating", "listed"),
            "description": _("Copied from the newest active certification below when it is saved."),
        }),
        (_("Description"), {"fields": ("description_vi", "description_en", "story_vi", "story_en")}),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Made from the Vietnamese name once, then kept so published links keep working.
        return (*self.readonly_fields, "slug") if obj else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            first = dict(fieldsets[0][1], fields=("code", ("name_vi", "name_en"), "category", "producer",
                                                  "village"))
            return ((None, first), *fieldsets[2:])
        return fieldsets

    def get_urls(self):
        return import_urls(self) + export_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        # The link shows exactly when the import page would let this user in (it sets stars,
        # so it needs the certification rights as well as the product and producer ones).
        return super().changelist_view(request, {**(extra_context or {}), "can_import": can_import(request.user)})

    def has_change_certification_permission(self, request):
        """For actions that write certifications from the product list (revoke)."""
        opts = Certification._meta
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")

    @admin.display(description=_("rating"), ordering="rating_stars")
    def rating(self, obj):
        return stars_label(obj.rating_stars, obj.rating_potential_five_star)

    @admin.display(description=_("valid until"), ordering="rating_valid_until")
    def valid_until(self, obj):
        return obj.rating_valid_until

    @admin.display(description=_("current rating"))
    def current_rating(self, obj):
        if not obj.current_certification_id:
            return _("None: not listed publicly.")
        return _("%(stars)s, certificate valid %(issued)s to %(until)s") % {
            "stars": stars_label(obj.rating_stars, obj.rating_potential_five_star),
            "issued": date_format(obj.rating_issued_on, "SHORT_DATE_FORMAT"),
            "until": date_format(obj.rating_valid_until, "SHORT_DATE_FORMAT"),
        }

    @admin.display(description=_("listed"), boolean=True)
    def listed(self, obj):
        return obj.is_listed
