"""The public report form, its thank-you page and the page a busy address gets (429)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from catalogue import verification
from ocop_site.network import client_ip
from ocop_site.uploads import MAX_UPLOAD_BYTES

from . import services
from .forms import ReportForm

SESSION_KEY = "reports:last_reference"
# Room for the text fields and the multipart envelope around a photo of the largest size allowed.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 256 * 1024


def _limited(request):
    return render(request, "reports/report_limited.html",
                  {"limit": services.RATE_LIMIT_REPORTS}, status=429)


def _too_large(request):
    return render(request, "reports/report_too_large.html", status=413)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    ip = client_ip(request)
    if services.rate_limited(ip):
        return _limited(request)
    if request.method == "POST":
        # Refused before the body is read: no point storing a 1 GB "photo" to refuse it.
        if _content_length(request) > MAX_REQUEST_BYTES:
            return _too_large(request)
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            services.count_report(ip)
            if form.is_bot():
                # Answer as if it worked, so the bot learns nothing; nothing is stored or sent.
                request.session.pop(SESSION_KEY, None)
                return redirect("reports:thanks")
            report = services.submit_report(
                form=form, language=get_language() or "",
                admin_url_base=settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
            )
            request.session[SESSION_KEY] = report.reference
            return redirect("reports:thanks")
    else:
        code = " ".join(request.GET.get("code", "").split())[: verification.MAX_CODE_LENGTH]
        form = ReportForm(initial={"code": code})
    return render(request, "reports/report_form.html", {"form": form},
                  status=400 if form.is_bound else 200)


@never_cache
@require_safe
def thanks(request):
    """Shows the reference of the report this browser just sent (kept in its session only)."""
    return render(request, "reports/report_thanks.html", {"reference": request.session.get(SESSION_KEY)})
