"""Certifications (the rating history) on their own: find by number, revoke, mark expired."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Certification
from ocop_site.translation import EnglishMissingFilter

from .actions import mark_expired_selected, revoke_selected
from .filters import CertificationGroupFilter, CertificationStatusFilter
from .revocation import CertificationAdminForm
from .search import AccentInsensitiveSearchMixin


@admin.register(Certification)
class CertificationAdmin(AccentInsensitiveSearchMixin, TranslationAdmin, SimpleHistoryAdmin):
    form = CertificationAdminForm
    list_display = ("certificate_no", "product", "stars", "potential_five_star", "issued_on", "valid_until",
                    "state")
    list_select_related = ("product",)
    list_filter = (CertificationStatusFilter, "stars", "potential_five_star", CertificationGroupFilter,
                   "issuing_level", "classification_version", "authority_vi", EnglishMissingFilter)
    search_fields = ("product__search_name__contains",)
    raw_search_fields = ("certificate_no", "product__code", "revocation_decision_no")
    show_full_result_count = False
    list_per_page = 50
    date_hierarchy = "issued_on"
    autocomplete_fields = ("product",)
    readonly_fields = ("created_at", "updated_at")
    actions = (revoke_selected, mark_expired_selected)
    fieldsets = (
        (None, {"fields": ("product", ("stars", "potential_five_star"), ("score", "issuing_level"),
                           "classification_version", "certificate_no", "authority",
                           ("issued_on", "valid_until"), "status")}),
        (_("Revocation"), {"fields": ("revoked_on", "revocation_decision_no", "revocation_reason")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.status == Certification.Status.REVOKED:
            if obj.revoked_on is None:
                return _("Revoked (date not recorded)")
            return _("Revoked %(date)s") % {"date": date_format(obj.revoked_on, "SHORT_DATE_FORMAT")}
        if obj.is_expired:
            return _("Expired")
        if obj.product.current_certification_id != obj.pk:
            return _("Superseded by a newer certification")
        return _("Current")
