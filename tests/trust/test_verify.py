"""/verify/: a shopper (or a shop's software) checks the code on a label."""

import datetime
import json

import pytest
from django.utils import timezone

from catalogue.models import Certification
from tests.factories import CertificationFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def valid_product():
    product = ProductFactory(code="HN-OCOP-0001", name_vi="Gốm men rạn Bát Tràng",
                             producer=ProducerFactory(name="HTX Gốm Bát Tràng", phone="0912 345 678",
                                                      email="lienhe@gom.example.vn"))
    CertificationFactory(product=product, stars=4, potential_five_star=True, certificate_no="1201/QĐ-UBND",
                         issued_on=today() - days(100), valid_until=today())
    return product


@pytest.fixture
def expired_product():
    product = ProductFactory(code="HN-OCOP-0002", name_vi="Miến dong Cự Đà")
    CertificationFactory(product=product, stars=3, issued_on=today() - days(1100),
                         valid_until=today() - days(1), certificate_no="88/QĐ-UBND")
    return product


@pytest.fixture
def revoked_product():
    product = ProductFactory(code="HN-OCOP-0003", name_vi="Nước mắm thử")
    cert = CertificationFactory(product=product, stars=5, issued_on=today() - days(200))
    cert.status = Certification.Status.REVOKED
    cert.revoked_on = today() - days(3)
    cert.revocation_decision_no = "77/QĐ-UBND"
    cert.revocation_reason = "Không đạt yêu cầu hậu kiểm chất lượng"
    cert.save()
    return product


def test_form_page_explains_where_the_code_is(client):
    page = client.get("/verify/")
    assert page.status_code == 200
    assert 'name="code"' in page.text
    assert "HN-OCOP-0001" in page.text


def test_nav_links_to_verify(client):
    assert 'href="/verify/"' in client.get("/").text


@pytest.mark.parametrize("typed", ["HN-OCOP-0001", "hn-ocop 0001", " HN-OCOP-0001 ", "hnocop0001",
                                   "Hn – Ocop – 0001", "1201/QĐ-UBND", "1201/qđ-ubnd", "1201 QD UBND"])
def test_codes_typed_any_way_find_the_valid_product(client, valid_product, typed):
    page = client.get(f"/verify/{typed}/")
    assert page.status_code == 200
    assert "Sản phẩm OCOP được chứng nhận: giấy chứng nhận còn hiệu lực" in page.text
    assert "Gốm men rạn Bát Tràng" in page.text
    assert "HTX Gốm Bát Tràng" in page.text
    assert "Tiềm năng 5 sao" in page.text
    assert valid_product.get_absolute_url() in page.text


def test_valid_until_today_is_still_valid_and_shows_the_date(client, valid_product):
    page = client.get("/en/verify/HN-OCOP-0001/")
    assert "the certificate is valid" in page.text
    assert "4 stars" in page.text
    assert "Valid until" in page.text
    from django.utils.formats import date_format
    from django.utils import translation
    with translation.override("en"):
        assert date_format(today()) in page.text


def test_the_form_redirects_to_a_shareable_result_even_with_slashes(client, valid_product):
    response = client.get("/verify/", {"code": "  1201/qđ-ubnd "})
    assert response.status_code == 302
    assert response["Location"] == "/verify/1201/q%C4%91-ubnd/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Gốm men rạn Bát Tràng" in page.text
    assert "Số chứng nhận" in page.text  # says it was found by the certificate number


def test_an_empty_or_punctuation_only_code_is_a_form_error_not_a_lookup(client):
    for value in ["", "   ", "--//"]:
        page = client.get("/verify/", {"code": value})
        assert page.status_code == 200
        assert 'class="errorlist' in page.text


def test_an_overlong_code_is_a_form_error(client):
    page = client.get("/verify/", {"code": "X" * 500})
    assert page.status_code == 200
    assert 'class="errorlist' in page.text


def test_expired_says_since_when(client, expired_product):
    page = client.get("/en/verify/hn ocop 0002/")
    assert page.status_code == 200
    assert "certificate has expired" in page.text
    assert "Expired on" in page.text
    assert "4 stars" not in page.text and "Valid until" not in page.text


def test_revoked_says_when_and_why(client, revoked_product):
    page = client.get("/verify/HN-OCOP-0003/")
    assert page.status_code == 200
    assert "đã bị thu hồi" in page.text
    assert "Không đạt yêu cầu hậu kiểm chất lượng" in page.text
    assert "77/QĐ-UBND" in page.text


def test_unknown_code_is_a_404_with_advice(client):
    page = client.get("/verify/HN-KHONG-CO/")
    assert page.status_code == 404
    assert "Không có sản phẩm OCOP nào mang mã này" in page.text
    assert 'href="/products/"' in page.text  # advice: where to find certified products
    assert 'name="code"' in page.text  # and a form to try again


def test_a_product_never_certified_is_not_vouched_for(client):
    ProductFactory(code="HN-CHUA-CO")
    page = client.get("/verify/HN-CHUA-CO/")
    assert page.status_code == 404


def test_staff_only_details_never_appear(client, valid_product):
    page = client.get("/verify/HN-OCOP-0001/").text
    assert "0912 345 678" not in page and "lienhe@gom.example.vn" not in page
    data = client.get("/verify/HN-OCOP-0001.json").json()
    flat = json.dumps(data, ensure_ascii=False)
    assert "0912" not in flat and "lienhe" not in flat


def test_json_for_a_valid_product(client, valid_product):
    response = client.get("/verify/hn-ocop 0001.json", HTTP_HOST="testserver")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=60" in response["Cache-Control"]
    assert response.json() == {
        "code": "hn-ocop 0001",
        "status": "valid",
        "stars": 4,
        "potential_five_star": True,
        "valid_until": today().isoformat(),
        "product": {"name": "Gốm men rạn Bát Tràng",
                    "url": f"http://testserver{valid_product.get_absolute_url()}"},
        "producer": "HTX Gốm Bát Tràng",
        "revoked_on": None,
        "revocation_decision": None,
        "revocation_reason": None,
        "last_inspection": None,  # added by the inspections app
    }


def test_json_by_certificate_number_with_a_slash(client, valid_product):
    data = client.get("/verify/1201/QĐ-UBND.json").json()
    assert data["status"] == "valid"
    assert data["product"]["name"] == "Gốm men rạn Bát Tràng"


def test_json_expired_and_revoked_never_carry_a_rating(client, expired_product, revoked_product):
    expired = client.get("/verify/HN-OCOP-0002.json").json()
    assert expired["status"] == "expired"
    assert expired["stars"] is None
    assert expired["valid_until"] == (today() - days(1)).isoformat()
    revoked = client.get("/verify/HN-OCOP-0003.json").json()
    assert revoked["status"] == "revoked"
    assert revoked["stars"] is None and revoked["valid_until"] is None
    assert revoked["product"]["name"] == "Nước mắm thử"


def test_json_unknown_code_is_404_with_status_not_found(client):
    response = client.get("/verify/NOPE-1.json")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"code": "NOPE-1", "status": "not_found", "stars": None,
                               "potential_five_star": None, "valid_until": None, "product": None,
                               "producer": None, "revoked_on": None, "revocation_decision": None,
                               "revocation_reason": None, "last_inspection": None}


def test_json_answers_a_cors_preflight_and_refuses_writes(client):
    preflight = client.options("/verify/X.json")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert client.post("/verify/X.json").status_code == 405


def test_json_product_url_uses_site_url_when_set(client, valid_product, settings):
    settings.SITE_URL = "https://ocop.hanoi.gov.vn/"
    data = client.get("/verify/HN-OCOP-0001.json").json()
    assert data["product"]["url"] == f"https://ocop.hanoi.gov.vn{valid_product.get_absolute_url()}"


def test_the_answer_follows_the_newest_certificate(client):
    """A revoked upgrade is revoked, even though the older 3★ certificate is still in date."""
    product = ProductFactory(code="HN-UP-1")
    CertificationFactory(product=product, stars=3, issued_on=today() - days(400))
    upgrade = CertificationFactory(product=product, stars=4, issued_on=today() - days(20))
    assert client.get("/verify/HN-UP-1.json").json()["stars"] == 4
    upgrade.status, upgrade.revoked_on = Certification.Status.REVOKED, today()
    upgrade.save()
    assert client.get("/verify/HN-UP-1.json").json()["status"] == "revoked"


def test_verify_costs_a_fixed_number_of_queries(client, valid_product, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/verify/1201/QĐ-UBND/")


@pytest.mark.parametrize("url", ["/verify/%00HN-1/", "/verify/%00.json", "/verify/" + "X" * 5000 + "/",
                                 "/verify/%E2%80%8B/", "/verify/?code=%00", "/verify/?code=a&code=b",
                                 "/verify/..%2F..%2Fadmin/"])
def test_garbage_never_breaks_the_page(client, url):
    assert client.get(url).status_code in (200, 302, 404)
