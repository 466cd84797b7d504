"""Officers record post-inspections: the inspection with the products it checked inline, what
followed each failed check (a revocation goes through the catalogue's revoke service), and the
spreadsheet import (upload → preview → confirm, the catalogue import's flow and helpers)."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from catalogue.admin.imports import UploadForm, forget, keep, take_kept
from catalogue.importing.report import action_label, describe_problem

from .importing import COLUMNS, EXAMPLE_ROW, import_inspections_file
from .models import InspectedProduct, Inspection
from .services import revoke_after_inspection

IMPORT_PERMISSIONS = ("inspections.add_inspection", "inspections.add_inspectedproduct",
                      "inspections.change_inspectedproduct")
SESSION_KEY = "inspection_imports"
PREVIEW_ROWS = 1000


class InspectedProductForm(forms.ModelForm):
    """A check, plus the revocation decision when "certificate revoked" is chosen: the product's
    current certificate is revoked with it once the inspection is saved."""

    revocation_decision_no = forms.CharField(label=gettext_lazy("revocation decision number"), max_length=60,
                                             required=False)
    revocation_date = forms.DateField(label=gettext_lazy("revoked on"), required=False)
    revocation_reason = forms.CharField(label=gettext_lazy("revocation reason"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    can_revoke = False  # set per request by the inline: officers (change_certification) only

    class Meta:
        model = InspectedProduct
        fields = ("product", "sampled", "lab_report_no", "result", "deadline", "findings", "follow_up")

    def clean(self):
        cleaned = super().clean()
        self.revoke_with = None
        wants_revocation = (cleaned.get("follow_up") == InspectedProduct.FollowUp.REVOCATION
                            and not self.instance.revoked_certification_id)
        if not wants_revocation:
            return cleaned
        if not self.can_revoke:
            self.add_error("follow_up", _("Only certification officers can revoke a certificate."))
            return cleaned
        if cleaned.get("result") == InspectedProduct.Result.PASSED:
            self.add_error("follow_up", _("A passed product is not re-tested or revoked."))
            return cleaned
        decision, day = cleaned.get("revocation_decision_no", "").strip(), cleaned.get("revocation_date")
        reason = cleaned.get("revocation_reason", "").strip()
        for field, value, message in (
            ("revocation_decision_no", decision, _("Enter the number of the revocation decision.")),
            ("revocation_date", day, _("Enter the date of the revocation decision.")),
            ("revocation_reason", reason, _("Enter the reason for the revocation.")),
        ):
            if not value:
                self.add_error(field, message)
        if day and day > timezone.localdate():
            self.add_error("revocation_date", _("The revocation date is in the future."))
        if not self.errors:
            self.revoke_with = {"decision_no": decision, "revoked_on": day, "reason": reason}
            # Saved as "nothing yet" first; the service sets the revocation with its certificate.
            cleaned["follow_up"] = self.instance.follow_up if self.instance.pk else ""
        return cleaned


class InspectedProductInline(admin.StackedInline):
    model = InspectedProduct
    form = InspectedProductForm
    extra = 1
    autocomplete_fields = ("product",)
    readonly_fields = ("revoked_certification",)
    fieldsets = (
        (None, {"fields": ("product", ("sampled", "lab_report_no"), ("result", "deadline"), "findings",
                           "follow_up", "revoked_certification")}),
        (gettext_lazy("Revocation (when “certificate revoked” is chosen)"), {
            "fields": (("revocation_decision_no", "revocation_date"), "revocation_reason"),
            "classes": ("collapse",),
        }),
    )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.can_revoke = request.user.has_perm("catalogue.change_certification")
        return formset


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("inspected_on", "agency", "checked", "failed")
    list_filter = ("checks__result",)
    search_fields = ("agency", "checks__product__code", "checks__product__name_vi")
    date_hierarchy = "inspected_on"
    inlines = (InspectedProductInline,)
    fields = ("inspected_on", "agency", "findings")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            checked_count=Count("checks"),
            failed_count=Count("checks", filter=~Q(checks__result=InspectedProduct.Result.PASSED)),
        )

    @admin.display(description=gettext_lazy("products checked"), ordering="checked_count")
    def checked(self, obj):
        return obj.checked_count

    @admin.display(description=gettext_lazy("failed or follow-up"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            revoke_with = getattr(inline_form, "revoke_with", None)
            if revoke_with and inline_form.instance.pk:
                cert = revoke_after_inspection(inline_form.instance, user=request.user, **revoke_with)
                messages.success(request, _("Certificate %(number)s of %(product)s revoked.")
                                 % {"number": cert.certificate_no, "product": inline_form.instance.product})

    # -- the spreadsheet import -------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="inspections_inspection_import"),
            path("import/template.csv", wrap(self.import_template), name="inspections_inspection_import_template"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perms(IMPORT_PERMISSIONS)}
        return super().changelist_view(request, extra_context)

    def _import_context(self, request):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import post-inspections from a spreadsheet"),
            "columns": COLUMNS,
        }

    def import_view(self, request):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            return TemplateResponse(request, "admin/catalogue/product/import_denied.html",
                                    self._import_context(request), status=403)
        context = self._import_context(request)
        if request.method == "POST" and "token" in request.POST:
            kept = take_kept(request, request.POST["token"], session_key=SESSION_KEY)
            if kept is None:
                messages.error(request, _("This preview has expired; upload the file again."))
                return redirect("admin:inspections_inspection_import")
            data, name = kept
            report = import_inspections_file(data, name, dry_run=False, user=request.user, source=name)
            if report.ok:
                forget(request, request.POST["token"], session_key=SESSION_KEY)
                messages.success(request, report.summary())
                return redirect("admin:inspections_inspection_changelist")
            return self._report_response(request, context, report, name, token="")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = b"".join(upload.chunks())
            report = import_inspections_file(data, upload.name, dry_run=True)
            token = ""
            if report.ok and (report.created or report.updated):
                token = keep(request, data, upload.name, session_key=SESSION_KEY)
            return self._report_response(request, context, report, upload.name, token=token)
        return TemplateResponse(request, "admin/inspections/inspection/import.html", {**context, "form": form})

    def _report_response(self, request, context, report, name, *, token):
        changed = [row for row in report.rows if row.action != "unchanged"]
        return TemplateResponse(request, "admin/inspections/inspection/import.html", {
            **context,
            "report": report,
            "summary": report.summary(),
            "problems": [{"line": p.line or "", "column": p.column, "message": p.message,
                          "text": describe_problem(p)} for p in report.problems],
            "rows": [{"line": r.line, "code": r.code, "name": r.name, "action": r.action,
                      "action_label": action_label(r.action), "changes": r.changes, "notes": r.notes}
                     for r in changed[:PREVIEW_ROWS]],
            "more_rows": max(0, len(changed) - PREVIEW_ROWS),
            "form": UploadForm(),
            "file_name": name,
            "token": token,
        })

    def import_template(self, request):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            return TemplateResponse(request, "admin/catalogue/product/import_denied.html",
                                    self._import_context(request), status=403)
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerow([EXAMPLE_ROW[column] for column in COLUMNS])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ocop-inspections-template.csv"'
        return response


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("follow-up")
    parameter_name = "follow_up_state"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past the deadline, nothing done"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.awaiting_follow_up()
        return queryset


@admin.register(InspectedProduct)
class InspectedProductAdmin(SimpleHistoryAdmin):
    """Every product check across inspections: the dashboard's "past the deadline" list."""

    list_display = ("product", "inspection", "result", "deadline", "follow_up", "sampled")
    list_select_related = ("product", "inspection")
    list_filter = (OverdueFilter, "result", "follow_up", "sampled")
    search_fields = ("product__code", "product__name_vi", "inspection__agency", "lab_report_no")
    autocomplete_fields = ("product",)
    readonly_fields = ("revoked_certification",)
    fields = ("inspection", "product", ("sampled", "lab_report_no"), ("result", "deadline"), "findings",
              "follow_up", "revoked_certification")
