"""Certificate lifecycle: 36 months of validity, expiry by date alone, revocation, upgrades."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import Certification, Product
from tests.factories import CertificationFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("issued, last_valid_day", [
    (D(2024, 3, 15), D(2027, 3, 15)),
    # The term ends on the corresponding day of the last month, or that month's last day when
    # it has none (Civil Code 2015 art. 148): 2027 is not a leap year.
    (D(2024, 2, 29), D(2027, 2, 28)),
    (D(2021, 2, 28), D(2024, 2, 28)),  # lands in a leap year: the 28th still corresponds
    (D(2023, 3, 31), D(2026, 3, 31)),
    (D(2022, 12, 31), D(2025, 12, 31)),
])
def test_certificate_is_valid_through_the_36th_month_and_expired_the_day_after(issued, last_valid_day):
    product = ProductFactory()
    cert = CertificationFactory(product=product, issued_on=issued)
    assert cert.valid_until == last_valid_day
    product.refresh_rating(on=issued)  # as saved on the day of the decision

    day_after = last_valid_day + datetime.timedelta(days=1)
    assert cert.state(on=last_valid_day) == "valid"
    assert cert.state(on=day_after) == "expired"
    assert cert.expired_since == day_after
    assert Product.objects.listed(on=last_valid_day).filter(pk=product.pk).exists()
    assert not Product.objects.listed(on=day_after).filter(pk=product.pk).exists()


def test_29_february_certificate_is_listed_on_28_february_2027_not_on_1_march():
    product = ProductFactory()
    CertificationFactory(product=product, issued_on=D(2024, 2, 29))
    product.refresh_rating(on=D(2024, 2, 29))
    listed = Product.objects.listed
    assert listed(on=D(2027, 2, 28)).filter(pk=product.pk).exists()
    assert not listed(on=D(2027, 3, 1)).filter(pk=product.pk).exists()


def test_revoked_certificate_is_never_listed_even_when_in_date():
    product = ProductFactory()
    cert = CertificationFactory(product=product, stars=5)
    cert.status, cert.revoked_on = Certification.Status.REVOKED, timezone.localdate()
    cert.revocation_reason = "Không đạt hậu kiểm"
    cert.save()
    assert cert.state() == "revoked"
    assert not Product.objects.listed().filter(pk=product.pk).exists()
    product.refresh_from_db()
    assert product.rating_stars is None


def test_revoking_an_upgrade_does_not_bring_back_the_rating_it_replaced():
    product = ProductFactory()
    today = timezone.localdate()
    CertificationFactory(product=product, stars=3, issued_on=today - datetime.timedelta(days=400))
    upgrade = CertificationFactory(product=product, stars=4, issued_on=today - datetime.timedelta(days=30))
    product.refresh_from_db()
    assert product.rating_stars == 4

    upgrade.status, upgrade.revoked_on = Certification.Status.REVOKED, today
    upgrade.save()
    product.refresh_from_db()
    assert product.rating_stars is None
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_recertification_after_expiry_lists_the_product_again_and_keeps_the_history():
    product = ProductFactory()
    today = timezone.localdate()
    old = CertificationFactory(product=product, stars=3, issued_on=today - datetime.timedelta(days=1200))
    assert not Product.objects.listed().filter(pk=product.pk).exists()
    new = CertificationFactory(product=product, stars=4, issued_on=today - datetime.timedelta(days=5))
    product.refresh_from_db()
    assert product.current_certification == new
    assert Product.objects.listed().filter(pk=product.pk).exists()
    assert list(product.certifications.all()) == [new, old]


def test_codes_that_read_the_same_are_refused_with_a_form_error():
    ProductFactory(code="HN-OCOP-0001")
    clash = ProductFactory.build(code="hn ocop 0001")
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    assert "HN-OCOP-0001" in str(excinfo.value.message_dict["code"])

    CertificationFactory(certificate_no="1201/QĐ-UBND")
    twin = CertificationFactory.build(product=ProductFactory(), certificate_no="1201 qd ubnd",
                                      issued_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        twin.full_clean()
    assert "1201/QĐ-UBND" in str(excinfo.value.message_dict["certificate_no"])


def test_a_code_without_letters_or_digits_is_refused():
    product = ProductFactory.build(code="--- ///")
    with pytest.raises(ValidationError) as excinfo:
        product.full_clean()
    assert "code" in excinfo.value.message_dict
