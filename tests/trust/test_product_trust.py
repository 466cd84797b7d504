"""The certificate box on a product page (catalogue/includes/product_trust.html)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from catalogue.models import Certification
from tests.factories import CertificationFactory, ProductFactory, certified_product

pytestmark = pytest.mark.django_db


def render(product, language="en"):
    request = RequestFactory().get(product.get_absolute_url())
    with translation.override(language):
        return render_to_string("catalogue/includes/product_trust.html", {"product": product}, request=request)


def test_valid_product_shows_its_qr_and_a_verify_link():
    product = certified_product(code="HN-OCOP-0100")
    html = render(product, "vi")
    assert f'src="/products/{product.slug}/qr.svg"' in html
    assert f'href="/products/{product.slug}/qr.png"' in html
    assert 'href="/verify/HN-OCOP-0100/"' in html
    assert "Tra cứu sản phẩm này" in html


def test_revoked_product_says_when_and_why():
    product = ProductFactory()
    cert = CertificationFactory(product=product, stars=4)
    cert.status = Certification.Status.REVOKED
    cert.revoked_on = datetime.date(2026, 3, 5)
    cert.revocation_reason = "Không đạt hậu kiểm"
    cert.save()
    html = render(product, "vi")
    assert "đã bị thu hồi ngày 5/3/2026, lý do: Không đạt hậu kiểm" in html
    assert "qr.svg" not in html


def test_expired_product_says_since_when():
    product = ProductFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CertificationFactory(product=product, issued_on=yesterday - datetime.timedelta(days=1000), valid_until=yesterday)
    html = render(product)
    assert "certificate expired after" in html
    assert "qr.svg" not in html


def test_uncertified_product_gets_no_box():
    assert "<section" not in render(ProductFactory())
