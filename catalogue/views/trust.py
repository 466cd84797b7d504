"""Trust pages: verify a label's code, QR codes for labels, public statistics."""

import io
import logging

import segno
from django import forms
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import TemplateView

from catalogue import extensions, statistics, verification
from catalogue.models import Product
from catalogue.text import normalize_code

logger = logging.getLogger(__name__)

# Verification answers change when staff revoke or renew a certificate: cache only briefly.
VERIFY_MAX_AGE = 60
QR_MAX_AGE = 60 * 60


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Product code or certificate number"),
        max_length=verification.MAX_CODE_LENGTH,
        help_text=_("As printed on the OCOP label, e.g. HN-OCOP-0001 or 1201/QĐ-UBND, or the number under "
                    "the barcode."),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
            "enterkeyhint": "search",
        }),
    )

    def clean_code(self):
        code = " ".join(self.cleaned_data["code"].split())
        if not normalize_code(code):
            raise forms.ValidationError(_("Type the letters and digits of the code on the label."))
        return code


@require_safe
def verify(request):
    """The form. A submitted code redirects to its result page, whose URL can be shared."""
    if "code" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            return redirect("catalogue:verify_result", code=form.cleaned_data["code"])
    else:
        form = VerifyForm()
    return render(request, "catalogue/verify.html", {"form": form})


@require_safe
def verify_result(request, code):
    result = verification.verify_code(code)
    context = {
        "result": result,
        "image": verification.first_image(result.product) if result.is_valid else None,
        "form": VerifyForm(initial={"code": result.code}),
    }
    status = 404 if result.status == verification.NOT_FOUND else 200
    return render(request, "catalogue/verify_result.html", context, status=status)


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    return response


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def verify_json(request, code):
    """The same answer for machines (shops, label scanners): open to any origin, cached briefly."""
    if request.method == "OPTIONS":
        response = _cors(HttpResponse(status=204))
        response["Access-Control-Max-Age"] = "86400"
        return response
    try:
        result = verification.verify_code(code)
        product_url = (verification.absolute_url(result.product.get_absolute_url(), request)
                       if result.product else None)
        # Keys other apps add (the latest post-inspection…): catalogue/extensions.py.
        answer = result.as_json(product_url=product_url) | extensions.verify_json_extras(result.product)
    except DatabaseError:
        # Scanners and shops parse this answer: during a database outage they get JSON that says
        # "ask again later", never the HTML error page, and nothing may cache it.
        logger.error("verify json: database unavailable", exc_info=True)
        response = JsonResponse({"status": "unavailable"}, status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return _cors(response)
    response = JsonResponse(
        answer,
        status=404 if result.status == verification.NOT_FOUND else 200,
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=VERIFY_MAX_AGE)
    return _cors(response)


@require_safe
def product_qr(request, slug, kind):
    """The product's QR code (SVG for print and screens, PNG for other tools).

    It encodes the absolute verify URL of the product's code, for any product: the page it
    opens says whether the certificate is valid today.
    """
    product = get_object_or_404(Product.objects.only("code", "name_vi", "slug"), slug=slug)
    url = verification.label_url(product, request)
    # Medium error correction survives a scuffed or slightly torn label.
    qr = segno.make(url, error="m")
    out = io.BytesIO()
    if kind == "svg":
        qr.save(out, kind="svg", scale=4, border=4, xmldecl=False, svgclass="qr", lineclass=None,
                title=f"QR: {url}")
        content_type = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=10, border=4)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="ocop-qr-{product.slug}.{kind}"'
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


class StatisticsView(TemplateView):
    template_name = "catalogue/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stats"] = statistics.catalogue_statistics()
        return context
