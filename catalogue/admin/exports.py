"""The whole register for staff, from the product list: every product the list shows with its
filters (certification status all / listed / expired / revoked / unlisted, rating, group, place,
search), expired, revoked and unlisted ones included, as CSV or .xlsx in the import format (the
same files as /products/export.*, written by catalogue/exporting.py)."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue import exporting

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_urls(model_admin):
    """URLs added to the product admin (``ProductAdmin.get_urls``)."""
    wrap = model_admin.admin_site.admin_view
    return [
        path("export.csv", wrap(require_safe(lambda request: export_csv(request, model_admin))),
             name="catalogue_product_export_csv"),
        path("export.xlsx", wrap(require_safe(lambda request: export_xlsx(request, model_admin))),
             name="catalogue_product_export_xlsx"),
    ]


def register_products(request, model_admin):
    """The products the change list shows for the request's filters and search, in its order
    (every page of it). Staff who may not view products get a 403."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:  # a hand-edited filter the list itself would not take
        raise BadRequest(_("These list filters are not valid; export from the product list's own links."))
    return exporting.register_queryset(changelist.queryset)


def _filename(extension: str) -> str:
    return f"ocop-hanoi-register-{timezone.localdate().isoformat()}.{extension}"


def export_csv(request, model_admin):
    queryset = register_products(request, model_admin)
    response = StreamingHttpResponse(exporting.csv_chunks(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_xlsx(request, model_admin):
    queryset = register_products(request, model_admin)
    return FileResponse(exporting.xlsx_file(queryset), as_attachment=True, filename=_filename("xlsx"),
                        content_type=XLSX_TYPE)
