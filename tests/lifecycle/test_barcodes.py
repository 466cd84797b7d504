"""Product GTINs: EAN-13/UPC-A with a valid check digit, unique when present, and /verify/
accepting one like a product code; the Permissions-Policy lets our own pages use the camera."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from catalogue.models import Product
from tests.factories import CertificationFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("typed", "stored"), [
    ("8936012345674", "8936012345674"),
    ("893 6012 345674", "8936012345674"),
    ("036000291452", "0036000291452"),  # UPC-A: the same GTIN with a leading 0
])
def test_valid_gtins_are_stored_as_gtin_13(typed, stored):
    product = ProductFactory.build(gtin=typed, category=ProductFactory().category,
                                   producer=ProductFactory().producer)
    product.full_clean()
    product.save()
    assert Product.objects.get(pk=product.pk).gtin == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("8936012345672", "check digit"),
    ("036000291453", "check digit"),
    ("12345", "13 digits (EAN-13) or 12 (UPC-A)"),
    ("89360123456AB", "13 digits"),
])
def test_bad_gtins_are_form_errors(typed, message):
    product = ProductFactory()
    product.gtin = typed
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert message in " ".join(error.value.message_dict["gtin"])


def test_a_gtin_belongs_to_one_product_and_upc_a_is_the_same_number(staff_client):
    first = ProductFactory(gtin="0036000291452")
    second = ProductFactory()
    second.gtin = "036000291452"
    with pytest.raises(ValidationError, match=f"Product {first.code} already has this barcode"):
        second.full_clean()
    ProductFactory(gtin="")
    ProductFactory(gtin="")  # many products have none


def test_verify_accepts_a_gtin_like_a_code(client):
    product = ProductFactory(gtin="8936012345674", name_vi="Tương Cự Đà", name_en="Cu Da soy sauce")
    CertificationFactory(product=product)
    page = client.get("/en/verify/893-6012-345674/")
    assert page.status_code == 200 and "Cu Da soy sauce" in page.text
    data = client.get("/verify/8936012345674.json").json()
    assert data["status"] == "valid" and data["product"]["name"] == "Tương Cự Đà"
    assert client.get("/en/verify/?code=8936012345674").status_code == 302
    assert client.get("/verify/8936012345672.json").status_code == 404  # wrong check digit: no product


def test_the_verify_form_offers_scanning_with_camera_allowed_for_our_pages(client):
    response = client.get("/en/verify/")
    assert "data-label-scanner" in response.text and "Scan the label" in response.text
    assert 'src="/static/catalogue/scan.js"' in response.text
    assert "camera=(self)" in response["Permissions-Policy"]
