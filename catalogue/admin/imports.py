"""Spreadsheet import in the admin: upload → preview (a dry run) → confirm.

A small view over ``catalogue.importing`` rather than django-import-export: that library imports
row by row with its own per-row matching and saves each row through the model, while our import
is all-or-nothing over the whole file, matches names ignoring accents and unit prefixes, and
writes in bulk. The command line and the admin share one service, so they cannot disagree.

Between preview and confirm the uploaded bytes wait in ``IMPORT_UPLOAD_DIR`` under a random
token that only the uploader's session knows; the confirm step checks their SHA-256 and imports
them (re-validating everything: the catalogue may have changed in between).
"""

import csv
import hashlib
import io
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from catalogue.importing import COLUMNS, EXAMPLE_ROW, import_file
from catalogue.importing.readers import EXTENSIONS
from catalogue.importing.report import action_label, describe_problem, summary

# An import writes products, producers, villages and certifications: it needs every one of these.
IMPORT_PERMISSIONS = (
    "catalogue.add_product",
    "catalogue.change_product",
    "catalogue.add_producer",
    "catalogue.change_producer",
    "catalogue.add_craftvillage",
    "catalogue.add_certification",
    "catalogue.change_certification",
)
SESSION_KEY = "catalogue_imports"
PREVIEW_ROWS = 1000  # rows shown in the preview table; the counts cover the whole file
PREVIEW_PROBLEMS = 1000
STALE_SECONDS = 24 * 3600


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def upload_dir() -> Path:
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def can_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("UTF-8 CSV or .xlsx, in the catalogue's import format."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; split it into several files.")
                % {"size": limit // (1024 * 1024)}
            )
        return upload


def import_urls(model_admin):
    """URLs added to the product admin (``ProductAdmin.get_urls``)."""
    wrap = model_admin.admin_site.admin_view
    return [
        path("import/", wrap(lambda request: import_view(request, model_admin)), name="catalogue_product_import"),
        path("import/template.csv", wrap(lambda request: import_template(request, model_admin)),
             name="catalogue_product_import_template"),
    ]


def _refusal(request, model_admin):
    """403 for staff without every import right, saying which role they lack. Every step (the
    page, the upload, the confirm POST, the template) asks first: a file can set stars, which
    only certification officers may, and create products, which only catalogue editors may."""
    return TemplateResponse(request, "admin/catalogue/product/import_denied.html", {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import products from a spreadsheet"),
    }, status=403)


@require_http_methods(["GET", "POST"])
def import_view(request, model_admin):
    if not can_import(request.user):
        return _refusal(request, model_admin)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import products from a spreadsheet"),
        "columns": COLUMNS,
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _preview(request, context, form.cleaned_data["file"])
    return TemplateResponse(request, "admin/catalogue/product/import.html", {**context, "form": form})


def _preview(request, context, upload):
    data = b"".join(upload.chunks())
    report = import_file(data, upload.name, dry_run=True)
    token = ""
    if report.ok and (report.created or report.updated):
        token = keep(request, data, upload.name)
    return TemplateResponse(request, "admin/catalogue/product/import.html", {
        **context,
        **_report_context(report),
        "form": UploadForm(),
        "file_name": upload.name,
        "token": token,
    })


def _confirm(request, context):
    token = request.POST.get("token", "")
    kept = take_kept(request, token)
    if kept is None:
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("admin:catalogue_product_import")
    data, name = kept
    report = import_file(data, name, dry_run=False, user=request.user, source=name)
    if not report.ok:
        # The catalogue changed since the preview (another import, an edit): show why.
        return TemplateResponse(request, "admin/catalogue/product/import.html", {
            **context, **_report_context(report), "form": UploadForm(), "file_name": name, "token": "",
        })
    forget(request, token)
    messages.success(request, summary(report))
    return redirect("admin:catalogue_product_changelist")


def _report_context(report):
    changed = [row for row in report.rows if row.action != "unchanged"]
    return {
        "report": report,
        "summary": summary(report),
        "problems": [
            {"line": p.line or "", "column": p.column, "message": p.message, "text": describe_problem(p)}
            for p in report.problems[:PREVIEW_PROBLEMS]
        ],
        "more_problems": max(0, len(report.problems) - PREVIEW_PROBLEMS),
        "rows": [
            {"line": r.line, "code": r.code, "name": r.name, "action": r.action,
             "action_label": action_label(r.action), "changes": r.changes, "notes": r.notes}
            for r in changed[:PREVIEW_ROWS]
        ],
        "more_rows": max(0, len(changed) - PREVIEW_ROWS),
    }


# The upload kept between preview and confirm; other imports (inspections) pass their own
# ``session_key`` so a token from one preview cannot confirm another import.

def keep(request, data: bytes, name: str, *, session_key: str = SESSION_KEY) -> str:
    """Store the previewed upload; returns the token the confirm form posts back."""
    directory = upload_dir()
    _remove_stale(directory)
    token = secrets.token_hex(16)
    (directory / f"{token}.upload").write_bytes(data)
    kept = request.session.get(session_key, {})
    kept[token] = {"name": name[:200], "sha256": hashlib.sha256(data).hexdigest()}
    request.session[session_key] = kept
    return token


def take_kept(request, token: str, *, session_key: str = SESSION_KEY):
    """``(data, name)`` of the upload this session previewed under ``token``, or None if it
    is gone (expired, another session's, already imported). A changed file is refused."""
    kept = request.session.get(session_key, {}).get(token)
    path_ = upload_dir() / f"{token}.upload"
    if not kept or not token.isalnum() or not path_.exists():
        return None
    data = path_.read_bytes()
    if hashlib.sha256(data).hexdigest() != kept["sha256"]:
        raise PermissionDenied
    return data, kept["name"]


def forget(request, token: str, *, session_key: str = SESSION_KEY) -> None:
    (upload_dir() / f"{token}.upload").unlink(missing_ok=True)
    kept = request.session.get(session_key, {})
    kept.pop(token, None)
    request.session[session_key] = kept


def _remove_stale(directory: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for stale in directory.glob("*.upload"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


def import_template(request, model_admin):
    """The header row and one example row, as a CSV that Excel opens in UTF-8 (BOM)."""
    if not can_import(request.user):
        return _refusal(request, model_admin)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE_ROW[column] for column in COLUMNS])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ocop-import-template.csv"'
    return response
