"""Open data: the product export (CSV, .xlsx) and the page that describes it."""

import os

from django.conf import settings
from django.db.models import Max
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.urls import reverse
from django.views.generic import TemplateView

from catalogue import export_files, exporting, seo, verification
from catalogue.filters import ProductFilter
from catalogue.importing import COLUMNS
from catalogue.models import Product
from ocop_site.network import client_ip
from ocop_site.rate_limit import over_limit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LICENCE_NAME = "CC BY 4.0"
# How soon to ask again while the first full file is being built (the .xlsx: ~25 s at 20,000).
EXPORT_RETRY_SECONDS = 15
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# What each column holds, for the open-data page (the full rules: docs/import-format.md).
COLUMN_HELP = {
    "code": _("Product code printed on the label; unique."),
    "name_vi": _("Product name in Vietnamese."),
    "name_en": _("Product name in English (may be empty)."),
    "category": _("OCOP classification code (Decision 148/QĐ-TTg), e.g. 1.4.a."),
    "stars": _("OCOP rating: 3, 4 or 5 stars."),
    "potential_five_star": _("yes for a 4-star product nominated for the national 5-star assessment."),
    "certificate_no": _("Number of the certification decision."),
    "issued_on": _("Date of the decision (YYYY-MM-DD)."),
    "valid_until": _("Last day the certificate is valid (36 months after issue)."),
    "certificate_status": _("active (revoked certificates are not listed)."),
    "producer": _("Name of the producer (enterprise, cooperative or household business)."),
    "producer_kind": _("enterprise, cooperative or household."),
    "village": _("Craft village, if any."),
    "area": _("The producer's ward or commune since 1 July 2025."),
    "former_district": _("The district before 1 July 2025, when the ward or commune was formed from one."),
    "address": _("The producer's address as registered."),
    "description_vi": _("Description in Vietnamese."),
    "description_en": _("Description in English."),
    "revoked_on": _("For a revoked certificate: the date of the revocation decision (YYYY-MM-DD), empty when not recorded."),
    "revocation_decision": _("For a revoked certificate: the number of the revocation decision."),
    "revocation_reason": _("For a revoked certificate: why it was revoked."),
    "score": _("The product's evaluation score out of 100 (3 stars 50–69, 4 stars 70–89, 5 stars 90–100); empty when not recorded."),
    "issuing_level": _("Who recognised the rating: commune, district, province or central; empty when not recorded."),
    "authority": _("The body that signed the certificate, e.g. UBND Thành phố Hà Nội."),
}


def _filename(extension: str) -> str:
    return f"ocop-hanoi-products-{timezone.localdate().isoformat()}.{extension}"


def _filtered(request) -> bool:
    """Whether the export asks for less (or another order) than the whole open-data file."""
    names = set(ProductFilter.base_filters) | {"sort"}
    return any(value for name in names for value in request.GET.getlist(name))


def _full_file(request, extension: str, content_type: str):
    """The prebuilt full file (catalogue/export_files.py), with validators so a client or proxy
    that has it already gets a 304; while the very first one is being built, a page saying so."""
    path = export_files.full_export(extension)
    try:
        handle = open(path, "rb") if path else None
    except FileNotFoundError:  # an older file, deleted just now because the new one is ready
        path = export_files.full_export(extension)
        handle = open(path, "rb") if path else None
    if handle is None:
        return _being_prepared(request)
    stat = os.fstat(handle.fileno())
    etag = f'"{path.stem}-{stat.st_size}"'
    conditional = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if conditional is not None:
        handle.close()
        return conditional
    if settings.EXPORTS_ACCEL_REDIRECT:
        # The proxy (nginx: an `internal` location over EXPORTS_ROOT) sends the file itself, so
        # a slow download does not hold a sync worker for its whole length.
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.EXPORTS_ACCEL_REDIRECT.rstrip("/") + "/" + path.name
        response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    else:
        response = FileResponse(handle, as_attachment=True, filename=_filename(extension),
                                content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response


def _being_prepared(request):
    """503 with Retry-After: no full file on disk yet; the page reloads itself and then gets it."""
    response = render(request, "catalogue/export_preparing.html",
                      {"retry_after": EXPORT_RETRY_SECONDS}, status=503)
    response["Retry-After"] = str(EXPORT_RETRY_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _refused(request):
    """A filtered export past the rate limit (429) or the row cap (400), else None."""
    if over_limit("export", client_ip(request), limit=settings.EXPORT_RATE_LIMIT,
                  seconds=settings.EXPORT_RATE_SECONDS):
        return render(request, "catalogue/export_refused.html",
                      {"limited": True, "limit": settings.EXPORT_RATE_LIMIT,
                       "seconds": settings.EXPORT_RATE_SECONDS}, status=429)
    return None


def _too_many_rows(request, queryset):
    if queryset.count() > settings.EXPORT_MAX_ROWS:
        return render(request, "catalogue/export_refused.html",
                      {"limited": False, "max_rows": settings.EXPORT_MAX_ROWS}, status=400)
    return None


@require_safe
def export_csv(request):
    """/products/export.csv?<the /products/ filters>: every matching listed product. Without
    filters, the prebuilt full file; with them, streamed (rate-limited, at most EXPORT_MAX_ROWS)."""
    if not _filtered(request):
        return _full_file(request, "csv", "text/csv; charset=utf-8")
    queryset = exporting.export_queryset(request.GET)
    refusal = _refused(request) or _too_many_rows(request, queryset)
    if refusal is not None:
        return refusal
    response = StreamingHttpResponse(exporting.csv_chunks(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@require_safe
def export_xlsx(request):
    """/products/export.xlsx?<the /products/ filters>: the same rows as an Excel workbook."""
    if not _filtered(request):
        return _full_file(request, "xlsx", XLSX_TYPE)
    queryset = exporting.export_queryset(request.GET)
    refusal = _refused(request) or _too_many_rows(request, queryset)
    if refusal is not None:
        return refusal
    return FileResponse(
        exporting.xlsx_file(queryset), as_attachment=True, filename=_filename("xlsx"),
        content_type=XLSX_TYPE,
    )


class OpenDataView(TemplateView):
    template_name = "catalogue/open_data.html"

    def get_context_data(self, **kwargs):
        listed = Product.objects.listed()
        summary = listed.aggregate(last_change=Max("updated_at"), last_certified=Max("rating_issued_on"))
        dataset = seo.dataset_json_ld(
            self.request,
            name=_("OCOP certified products of Hà Nội"),
            description=_("Every product of Hà Nội with a valid OCOP certificate: code, names, OCOP "
                          "category, star rating, certificate number and dates, producer, craft "
                          "village and place."),
            licence_url=LICENCE_URL,
            distributions=[("text/csv", reverse("catalogue:product_export_csv")),
                           (XLSX_TYPE, reverse("catalogue:product_export_xlsx"))],
            updated=summary["last_change"],
        )
        return super().get_context_data(
            dataset=dataset,
            product_count=listed.count(),
            last_certified=summary["last_certified"],
            columns=[(column, COLUMN_HELP[column]) for column in COLUMNS],
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            site_url=verification.absolute_url("/", self.request),
            **kwargs,
        )
