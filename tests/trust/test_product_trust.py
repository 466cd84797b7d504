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
    assert "đã bị thu hồi ngày 05/03/2026, lý do: Không đạt hậu kiểm" in html
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


# --- On the product page itself ------------------------------------------------------------------

def test_product_page_of_a_valid_product_has_its_qr(client):
    product = certified_product(code="HN-OCOP-0200")
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    assert f'src="/products/{product.slug}/qr.svg"' in page.text
    assert 'href="/verify/HN-OCOP-0200/"' in page.text
    assert 'href="/static/catalogue/trust.css"' in page.text


def test_product_page_of_a_revoked_product_says_when_and_why(client):
    product = ProductFactory()
    cert = CertificationFactory(product=product, stars=5)
    cert.status = Certification.Status.REVOKED
    cert.revoked_on = datetime.date(2026, 3, 5)
    cert.revocation_decision_no = "99/QĐ-UBND"
    cert.revocation_reason = "Không đạt hậu kiểm"
    cert.save()
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    assert "Giấy chứng nhận OCOP của sản phẩm này đã bị thu hồi ngày 05/03/2026, lý do: Không đạt hậu kiểm" in page.text
    assert "99/QĐ-UBND" in page.text
    assert "qr.svg" not in page.text


def test_product_page_of_an_expired_product_says_since_when(client):
    product = ProductFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CertificationFactory(product=product, issued_on=yesterday - datetime.timedelta(days=1000), valid_until=yesterday)
    page = client.get(product.get_absolute_url()).text
    assert f"đã hết hiệu lực sau ngày {yesterday:%d/%m/%Y}" in page


def test_the_trust_box_costs_no_query_for_a_valid_product(django_assert_num_queries):
    from catalogue.models import Product

    product = Product.objects.for_detail().get(pk=certified_product().pk)
    with django_assert_num_queries(0):
        assert "qr.svg" in render(product)
