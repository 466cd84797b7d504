"""The "print labels" action: an A4 sheet of QR labels for the selected products, printed from
the browser (HTML with print CSS in a static file, no PDF library)."""

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue import verification
from catalogue.models import Product

# 3 x 7 labels of 63.5 x 38.1 mm: the common A4 label sheet (e.g. Avery L7160, Tomy 21).
LABELS_PER_SHEET = 21


@dataclass
class Label:
    product: Product
    url: str
    qr_svg: str


def qr_svg(url: str) -> str:
    """An inline SVG of ``url``'s QR code, sized by the stylesheet (no width/height of its own)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, omitsize=True,
                                    svgclass="label-qr", lineclass=None, border=4)
    # segno escapes nothing but writes only numbers in the path: safe to inline.
    return mark_safe(out.getvalue().decode())


@admin.action(description=_("Print QR labels for selected products"), permissions=["view"])
def print_labels(modeladmin, request, queryset):
    # Only products listed today get a label: a label must not vouch for an expired or
    # revoked rating. The others are named on the sheet (on screen only) so staff notice.
    selected = list(queryset.select_related(None).only("pk", "code", "name_vi", "current_certification",
                                                       "rating_valid_until"))
    listed_pks = {p.pk for p in selected if p.is_listed}
    products = (Product.objects.filter(pk__in=listed_pks)
                .select_related("current_certification").order_by("sort_name", "pk"))
    labels = [Label(p, url, qr_svg(url)) for p in products for url in [verification.label_url(p, request)]]
    sheets = [labels[i:i + LABELS_PER_SHEET] for i in range(0, len(labels), LABELS_PER_SHEET)]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("QR labels"),
        "opts": modeladmin.model._meta,
        "sheets": sheets,
        "label_count": len(labels),
        "skipped": [p for p in selected if p.pk not in listed_pks],
        "label_language": settings.LANGUAGE_CODE,
    }
    return TemplateResponse(request, "admin/catalogue/product_labels.html", context)
