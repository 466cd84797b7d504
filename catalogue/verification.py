"""Answering "is this product really OCOP certified?" for a code read off a label.

A code is a product code ('HN-OCOP-0001'), the product's barcode number (GTIN: EAN-13 or UPC-A) or
a certificate number ('1201/QĐ-UBND'), typed with
any spacing, case or accents; both are compared through ``normalize_code`` on indexed columns.
The answer is about the product: its newest certification decides the state, as it does for
the public listings (``Certification.objects.current_for``), so a label checked here and the
catalogue never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalogue.barcodes import looks_like_gtin, normalize_gtin
from catalogue.models import Certification, Product, ProductImage
from catalogue.text import normalize_code

VALID = Certification.State.VALID
EXPIRED = Certification.State.EXPIRED
REVOKED = Certification.State.REVOKED
NOT_FOUND = "not_found"

# Longer input is not a code; answer "not found" without touching the database.
MAX_CODE_LENGTH = 100


@dataclass(frozen=True)
class Verification:
    code: str  # as typed, trimmed
    status: str  # valid | expired | revoked | not_found
    product: Product | None = None
    certification: Certification | None = None  # the one the status is about
    found_by_certificate: bool = False  # the code was a certificate number, not a product code

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def expired_since(self) -> datetime.date | None:
        if self.status == EXPIRED:
            return self.certification.expired_since
        return None

    def as_json(self, *, product_url: str | None) -> dict:
        """The public, machine-readable answer. Only these keys, never staff-only fields.

        ``stars``/``potential_five_star`` are set only while the rating is valid, so a shop that
        copies them never shows an expired or revoked rating; ``valid_until`` is the last valid
        day for valid and expired certificates. The revocation's date (null when not recorded),
        decision number and reason are set only for a revoked certificate.
        """
        cert = self.certification
        revoked = self.status == REVOKED
        return {
            "code": self.code,
            "status": self.status,
            "stars": cert.stars if self.is_valid else None,
            "potential_five_star": cert.potential_five_star if self.is_valid else None,
            "valid_until": cert.valid_until.isoformat() if self.status in (VALID, EXPIRED) else None,
            "product": {"name": self.product.name, "url": product_url} if self.product else None,
            "producer": self.product.producer.name if self.product else None,
            "revoked_on": cert.revoked_on.isoformat() if revoked and cert.revoked_on else None,
            "revocation_decision": (cert.revocation_decision_no or None) if revoked else None,
            "revocation_reason": (cert.revocation_reason or None) if revoked else None,
        }


def verify_product(product: Product, *, code: str = "", found_by_certificate=False, on=None) -> Verification:
    """The state of ``product`` on ``on`` (today by default): that of its newest certification."""
    if on is None and product.is_listed:
        # Listed: its current certification is the newest and valid (refresh_rating keeps it
        # so, as Product.objects.listed() relies on); no query when it was select_related.
        latest = product.current_certification
    else:
        latest = Certification.objects.latest_for(product)
    code = code or product.code
    if latest is None:
        # On file but never certified: not an OCOP product, whatever its label says.
        return Verification(code=code, status=NOT_FOUND)
    return Verification(code=code, status=latest.state(on=on), product=product, certification=latest,
                        found_by_certificate=found_by_certificate)


def verify_code(code: str, *, on=None) -> Verification:
    """Look ``code`` up as a product code, then as a certificate number."""
    code = " ".join((code or "").split())
    key = normalize_code(code)
    if not key or len(code) > MAX_CODE_LENGTH:
        return Verification(code=code, status=NOT_FOUND)
    products = Product.objects.select_related("producer", "category", "current_certification")
    product = products.filter(code_key=key).first()
    found_by_certificate = False
    if product is None and looks_like_gtin(code):
        # The number under the barcode (typed, or read by the form's scanner).
        product = products.filter(gtin=normalize_gtin(code)).first()
    if product is None:
        cert = Certification.objects.filter(certificate_key=key).only("product_id").first()
        if cert is None:
            return Verification(code=code, status=NOT_FOUND)
        product = products.get(pk=cert.product_id)
        found_by_certificate = True
    return verify_product(product, code=code, found_by_certificate=found_by_certificate, on=on)


def first_image(product: Product) -> ProductImage | None:
    return product.images.order_by("position", "pk").first()


def absolute_url(path: str, request=None) -> str:
    """``path`` on the public site: ``SITE_URL`` when set (production sits behind a proxy),
    else the host the request came to."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def label_url(product: Product, request=None) -> str:
    """The absolute verify URL a product's QR label encodes.

    In the default language (no /en/ prefix), so a printed label does not depend on the
    language of whoever printed it; a reader can switch language on the page.
    """
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("catalogue:verify_result", kwargs={"code": product.code})
    return absolute_url(path, request)
