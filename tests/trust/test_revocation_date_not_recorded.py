"""A revocation whose date is not recorded (imported as "revoked" without revoked_on): every page
says so, none shows a made-up day; staff revoking in the admin still give the date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certification
from tests.factories import CertificationFactory, ProductFactory, certified_product

from .test_history import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def undated():
    """A product revoked by decision 12/QĐ-UBND on a day nobody recorded."""
    product = ProductFactory(code="HN-OCOP-0900", name_vi="Mật ong rừng")
    cert = CertificationFactory(product=product, stars=4, issued_on=datetime.date(2024, 5, 2),
                                certificate_no="4410/QĐ-UBND")
    Certification.objects.filter(pk=cert.pk).update(status="revoked", revoked_on=None,
                                                    revocation_decision_no="12/QĐ-UBND",
                                                    revocation_reason="Không đạt hậu kiểm")
    cert.refresh_from_db()
    cert.product.refresh_rating()
    return cert


def test_the_database_accepts_a_revoked_certification_without_a_date(undated):
    assert undated.status == "revoked" and undated.revoked_on is None
    undated.full_clean()  # editing it later must not demand a date nobody knows


def test_the_database_still_refuses_an_active_certification_with_a_revocation_date():
    from django.db import IntegrityError, transaction

    cert = certified_product().current_certification
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.filter(pk=cert.pk).update(revoked_on=timezone.localdate())


@pytest.mark.parametrize("prefix, text, dated", [
    ("", "đã bị thu hồi (không ghi ngày), lý do: Không đạt hậu kiểm", "thu hồi ngày"),
    ("/en", "was revoked (date not recorded) because: Không đạt hậu kiểm", "revoked on"),
])
def test_product_page_says_the_date_is_not_recorded(client, undated, prefix, text, dated):
    page = client.get(prefix + undated.product.get_absolute_url())
    assert page.status_code == 200
    assert text in page.text
    assert "12/QĐ-UBND" in page.text
    assert dated not in page.text.lower()


@pytest.mark.parametrize("prefix, status, decision", [
    ("", "đã thu hồi (không ghi ngày)", "Quyết định thu hồi"),
    ("/en", "revoked (date not recorded)", "Revocation decision"),
])
def test_verify_page_shows_the_revocation_without_a_date(client, undated, prefix, status, decision):
    page = client.get(f"{prefix}/verify/HN-OCOP-0900/")
    assert page.status_code == 200
    assert status in page.text
    assert decision in page.text and "12/QĐ-UBND" in page.text
    assert "Không đạt hậu kiểm" in page.text


def test_verify_json_has_a_null_date_and_the_decision(client, undated):
    data = client.get("/verify/HN-OCOP-0900.json").json()
    assert data["status"] == "revoked"
    assert data["revoked_on"] is None
    assert data["revocation_decision"] == "12/QĐ-UBND"
    assert data["revocation_reason"] == "Không đạt hậu kiểm"


def test_verify_json_of_a_dated_revocation(client, undated):
    Certification.objects.filter(pk=undated.pk).update(revoked_on=datetime.date(2025, 1, 9))
    data = client.get("/verify/4410/QĐ-UBND.json").json()
    assert (data["revoked_on"], data["revocation_decision"]) == ("2025-01-09", "12/QĐ-UBND")


def test_admin_list_says_revoked_date_not_recorded(staff_client, undated):
    page = staff_client.get(reverse("admin:catalogue_certification_changelist"))
    assert page.status_code == 200
    assert "Đã thu hồi (không ghi ngày)" in page.text


def test_admin_saves_an_undated_revocation_without_inventing_a_date(staff_client, undated):
    url = reverse("admin:catalogue_certification_change", args=[undated.pk])
    data = change_form_data(staff_client, url)
    data["revocation_reason_vi"] = "Không đạt hậu kiểm lần 2"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    undated.refresh_from_db()
    assert undated.revoked_on is None and undated.revocation_reason == "Không đạt hậu kiểm lần 2"


def test_admin_revoking_an_active_certification_needs_the_date(staff_client):
    cert = certified_product().current_certification
    url = reverse("admin:catalogue_certification_change", args=[cert.pk])
    data = change_form_data(staff_client, url)
    data.update(status="revoked", revoked_on="", revocation_decision_no="1/QĐ", revocation_reason="Lý do")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Chứng nhận bị thu hồi cần có ngày thu hồi." in response.text
    assert Certification.objects.get(pk=cert.pk).status == "active"
