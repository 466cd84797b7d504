"""The office's queue of reports: new first, filters by status and handler, history of changes.

What the visitor typed is shown read-only and, like everything in the admin, escaped: a report
can hold any text (markup included) and must never run in a staff member's browser."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Report

VISITOR_FIELDS = ("reference", "created_at", "language", "code", "product", "what_seen", "shop_name",
                  "shop_address", "photo_preview", "contact")


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "created_at", "status", "code", "shop_name", "product", "handled_by"]
    list_display_links = ["reference"]
    list_filter = ["status", "created_at", ("handled_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reference", "code", "shop_name", "shop_address", "what_seen", "contact",
                     "product__name_vi", "product__code"]
    list_select_related = ["product", "handled_by"]
    date_hierarchy = "created_at"
    readonly_fields = VISITOR_FIELDS
    fieldsets = [
        (_("What the visitor reported"), {"fields": VISITOR_FIELDS}),
        (_("Handling"), {"fields": ["status", "handled_by", "staff_notes"]}),
    ]
    actions = ["mark_in_progress", "mark_closed"]

    def has_add_permission(self, request):
        return False  # reports come from the public form only

    @admin.display(description=_("photo"))
    def photo_preview(self, report):
        if not report.photo:
            return _("No photo")
        return format_html('<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="{1}" '
                           'class="report-photo" width="320"></a>',
                           report.photo.url, _("Photo sent with the report"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handled_by":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Whoever first takes a report up (or closes it) is recorded as handling it.
        if obj.status != Report.Status.NEW and obj.handled_by_id is None:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        count = 0
        for report in queryset:  # one by one: each change gets its history record and handler
            report.status = status
            if report.handled_by_id is None:
                report.handled_by = request.user
            report.save()
            count += 1
        return count

    @admin.action(description=_("Mark selected reports in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        count = self._set_status(request, queryset, Report.Status.IN_PROGRESS)
        self.message_user(request, ngettext("%(count)d report marked in progress.",
                                            "%(count)d reports marked in progress.", count) % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=_("Mark selected reports closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        count = self._set_status(request, queryset, Report.Status.CLOSED)
        self.message_user(request, ngettext("%(count)d report closed.",
                                            "%(count)d reports closed.", count) % {"count": count},
                          messages.SUCCESS)
