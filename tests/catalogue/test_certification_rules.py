import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from catalogue.models import Certification, Product
from catalogue.models.certifications import default_valid_until
from tests.factories import CertificationFactory, CraftVillageFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
today = timezone.localdate


def test_validity_defaults_to_36_months():
    cert = CertificationFactory(issued_on=datetime.date(2024, 3, 15))
    assert cert.valid_until == datetime.date(2027, 3, 15)


def test_validity_from_29_february_ends_on_28_february():
    assert default_valid_until(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize("stars", [0, 2, 6])
def test_database_refuses_stars_outside_3_to_5(stars):
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(product=product, stars=stars, certificate_no="X/1",
                                     issued_on=datetime.date(2024, 1, 1))


def test_database_refuses_validity_before_issue():
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(issued_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2023, 1, 1))


def test_form_validation_explains_date_order():
    cert = Certification(product=ProductFactory(), stars=4, certificate_no="Y/1",
                         issued_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2023, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        cert.full_clean()
    assert "valid_until" in excinfo.value.message_dict


def test_certificate_numbers_and_product_codes_are_unique():
    CertificationFactory(certificate_no="1201/QĐ-UBND")
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(certificate_no="1201/QĐ-UBND")
    ProductFactory(code="HN-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(code="HN-1")


def test_producer_and_village_with_products_cannot_be_deleted():
    village = CraftVillageFactory()
    product = ProductFactory(village=village)
    with pytest.raises(ProtectedError):
        product.producer.delete()
    with pytest.raises(ProtectedError):
        village.delete()


def test_current_rating_is_newest_active_unexpired_certification():
    product = ProductFactory()
    CertificationFactory(product=product, stars=3, issued_on=today() - datetime.timedelta(days=900))
    upgrade = CertificationFactory(product=product, stars=4, issued_on=today() - datetime.timedelta(days=30))
    product.refresh_from_db()
    assert product.current_certification == upgrade
    assert product.rating_stars == 4
    assert Product.objects.listed().filter(pk=product.pk).exists()


def test_revoked_certification_is_not_current():
    product = ProductFactory()
    cert = CertificationFactory(product=product, stars=5)
    cert.status = Certification.Status.REVOKED
    cert.revoked_on = today()
    cert.save()
    product.refresh_from_db()
    assert product.current_certification is None
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_expired_certification_drops_out_without_any_job():
    product = ProductFactory()
    CertificationFactory(product=product, issued_on=today() - datetime.timedelta(days=400),
                         valid_until=today() - datetime.timedelta(days=1))
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_listing_follows_the_date():
    product = ProductFactory()
    cert = CertificationFactory(product=product, issued_on=today() - datetime.timedelta(days=10),
                                valid_until=today() + datetime.timedelta(days=5))
    assert Product.objects.listed().filter(pk=product.pk).exists()
    later = cert.valid_until + datetime.timedelta(days=1)
    assert not Product.objects.listed(on=later).filter(pk=product.pk).exists()


def test_product_without_certification_is_not_listed():
    product = ProductFactory()
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_slug_stays_when_name_is_corrected():
    producer = ProducerFactory(name="Hợp tác xã Đường Lâm")
    assert producer.slug == "hop-tac-xa-duong-lam"
    producer.name = "Hợp tác xã Nông nghiệp Đường Lâm"
    producer.save()
    producer.refresh_from_db()
    assert producer.slug == "hop-tac-xa-duong-lam"
    assert ProducerFactory(name="Hợp tác xã Đường Lâm").slug == "hop-tac-xa-duong-lam-2"
