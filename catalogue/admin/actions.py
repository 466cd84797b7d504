"""Bulk actions on certifications: revoke (with the decision's number, date and reason) and mark
expired. Both show a confirmation page listing what will change before anything is written."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue import services
from catalogue.models import Certification
from ocop_site.plain_text import check_multi_line, check_single_line


class RevocationForm(forms.Form):
    decision_no = forms.CharField(
        label=_("Revocation decision number"), max_length=60, validators=[check_single_line],
        help_text=_("As printed on the decision, e.g. 1234/QĐ-UBND."),
    )
    revoked_on = forms.DateField(
        label=_("Date of the decision"),
        # The admin's own date box and calendar, day first like every other (ocop_site/formats/);
        # a browser's <input type="date"> shows the order of the browser's locale instead.
        widget=AdminDateWidget,
        help_text=_("DD/MM/YYYY, e.g. 05/11/2026"),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), validators=[check_multi_line],
        help_text=_("Shown in the product's rating history."),
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"), required=False, validators=[check_multi_line],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown on the English pages; the Vietnamese reason is shown when left empty."),
    )

    def __init__(self, *args, certifications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.certifications = list(certifications)

    def clean_revoked_on(self):
        revoked_on = self.cleaned_data["revoked_on"]
        if revoked_on > timezone.localdate():
            raise ValidationError(_("The decision date cannot be in the future."))
        too_early = [c.certificate_no for c in self.certifications if revoked_on < c.issued_on]
        if too_early:
            raise ValidationError(
                _("A certification cannot be revoked before it was issued: %(numbers)s."),
                params={"numbers": ", ".join(too_early)},
            )
        return revoked_on

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Enter the reason for the revocation."))
        return reason


def _confirmation_page(modeladmin, request, queryset, *, action, title, certifications, skipped,
                       form=None, submit_label):
    select_across = request.POST.get("select_across") == "1"
    pks = queryset.values_list("pk", flat=True)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "action_name": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": select_across,
        "selected_pks": list(pks[:1] if select_across else pks),
        "certifications": certifications,
        "skipped": skipped,
        "form": form,
        "submit_label": submit_label,
        "media": modeladmin.media + (form.media if form else forms.Media()),
    }
    return TemplateResponse(request, "admin/catalogue/certification_action_confirmation.html", context)


def _split(certifications, keep):
    chosen, skipped = [], []
    for cert in certifications:
        (chosen if keep(cert) else skipped).append(cert)
    return chosen, skipped


def revoke(modeladmin, request, queryset, certifications, *, action):
    """The revoke action for ``certifications`` (chosen from ``queryset``, the admin's selection)."""
    certifications = list(certifications.select_related("product").order_by("certificate_no"))
    active, skipped = _split(certifications, lambda c: c.status == Certification.Status.ACTIVE)
    if not active:
        modeladmin.message_user(request, _("None of the selected certifications is active; nothing to revoke."),
                                messages.WARNING)
        return None
    if request.POST.get("confirm") == "yes":
        form = RevocationForm(request.POST, certifications=active)
        if form.is_valid():
            try:
                revoked = services.revoke_certifications(
                    active,
                    decision_no=form.cleaned_data["decision_no"],
                    revoked_on=form.cleaned_data["revoked_on"],
                    reason=form.cleaned_data["reason"],
                    reason_en=form.cleaned_data["reason_en"].strip(),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                for cert in revoked:
                    modeladmin.log_change(
                        request, cert,
                        f"Revoked by decision {cert.revocation_decision_no} of {cert.revoked_on:%Y-%m-%d}",
                    )
                modeladmin.message_user(request, ngettext(
                    "Revoked %(count)d certification; its product's rating is updated.",
                    "Revoked %(count)d certifications; their products' ratings are updated.",
                    len(revoked)) % {"count": len(revoked)}, messages.SUCCESS)
                return None
    else:
        form = RevocationForm(certifications=active, initial={"revoked_on": timezone.localdate()})
    return _confirmation_page(
        modeladmin, request, queryset, action=action, title=_("Revoke certifications"),
        certifications=active, skipped=skipped, form=form, submit_label=_("Revoke"),
    )


def mark_expired(modeladmin, request, queryset, certifications):
    today = timezone.localdate()
    certifications = list(certifications.select_related("product").order_by("certificate_no"))
    chosen, skipped = _split(
        certifications,
        lambda c: c.is_current and c.issued_on < today - datetime.timedelta(days=1),
    )
    if not chosen:
        modeladmin.message_user(
            request,
            _("None of the selected certifications can be marked expired: only current ones issued "
              "before yesterday can."),
            messages.WARNING,
        )
        return None
    if request.POST.get("confirm") == "yes":
        expired, _skipped = services.expire_certifications(chosen, on=today, user=request.user)
        for cert in expired:
            modeladmin.log_change(request, cert, f"Marked expired: valid until {cert.valid_until:%Y-%m-%d}")
        modeladmin.message_user(request, ngettext(
            "Marked %(count)d certification expired (valid until yesterday); a product is unlisted if "
            "it was its newest certification.",
            "Marked %(count)d certifications expired (valid until yesterday); a product is unlisted if "
            "one of them was its newest certification.",
            len(expired)) % {"count": len(expired)}, messages.SUCCESS)
        return None
    return _confirmation_page(
        modeladmin, request, queryset, action="mark_expired_selected", title=_("Mark certifications expired"),
        certifications=chosen, skipped=skipped, submit_label=_("Mark expired"),
    )


@admin.action(description=_("Revoke selected certifications…"), permissions=["change"])
def revoke_selected(modeladmin, request, queryset):
    return revoke(modeladmin, request, queryset, queryset, action="revoke_selected")


@admin.action(description=_("Mark selected certifications expired…"), permissions=["change"])
def mark_expired_selected(modeladmin, request, queryset):
    return mark_expired(modeladmin, request, queryset, queryset)


# On the product list, but it writes certifications: it needs the officers' right
# (ProductAdmin.has_change_certification_permission), not the right to edit products.
@admin.action(description=_("Revoke the current certification of selected products…"),
              permissions=["change_certification"])
def revoke_current_certifications(modeladmin, request, queryset):
    certifications = Certification.objects.filter(
        pk__in=queryset.filter(current_certification__isnull=False).values("current_certification")
    )
    return revoke(modeladmin, request, queryset, certifications, action="revoke_current_certifications")
