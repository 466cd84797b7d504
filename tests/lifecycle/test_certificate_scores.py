"""Score, issuing level and signing body of a certification: the rules as admin form errors and
import problems (line and column), the 24-column format (older headers still import), and what
the product and verify pages show."""

import datetime

import pytest
from django.utils import timezone, translation

from catalogue.importing import COLUMNS, import_file
from catalogue.importing.format import HEADER_VERSIONS
from catalogue.models import Certification
from catalogue.models.certifications import rating_problems
from tests.data.helpers import csv_bytes, row
from tests.factories import CertificationFactory, ProductFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("stars", "potential", "score", "level", "fields"), [
    (3, False, 50, "", set()), (3, False, 69, "province", set()), (3, False, 95, "", {"score"}),
    (3, False, 49, "", {"score"}), (4, False, 70, "", set()), (4, False, 89, "", set()),
    (4, False, 90, "", {"score"}), (4, True, 92, "province", set()), (4, True, 85, "", {"score"}),
    (5, False, 90, "central", set()), (5, False, 89, "central", {"score"}), (5, False, 100, "province", {"issuing_level"}),
    (5, False, None, "", set()), (3, False, None, "commune", set()), (4, True, None, "", set()),
])
def test_rules(stars, potential, score, level, fields):
    assert set(rating_problems(stars=stars, potential_five_star=potential, score=score, issuing_level=level)) == fields


def test_admin_form_names_the_score_and_level(staff_client):
    product = ProductFactory()
    data = {"product": product.pk, "stars": "3", "score": "95", "issuing_level": "province",
            "certificate_no": "9/QĐ-UBND", "authority_vi": "UBND Thành phố Hà Nội",
            "issued_on": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(), "status": "active"}
    response = staff_client.post("/en/admin/catalogue/certification/add/", data)
    assert response.status_code == 200
    assert "95 points do not make 3 stars: 3 stars need 50–69 points." in response.text
    five = dict(data, stars="5", score="96")
    assert "Only the central level recognises 5-star products." in staff_client.post(
        "/en/admin/catalogue/certification/add/", five).text
    assert not Certification.objects.exists()
    ok = dict(data, score="65")
    assert staff_client.post("/en/admin/catalogue/certification/add/", ok).status_code == 302
    cert = Certification.objects.get()
    assert (cert.score, cert.issuing_level) == (65, "province")


def test_import_reports_score_and_level_by_line_and_column():
    report = import_file(csv_bytes([
        row(1, stars="3", score="95"),
        row(2, stars="5", score="92", issuing_level="tỉnh"),
        row(3, stars="4", potential_five_star="yes", score="80"),
        row(4, score="101", issuing_level="village"),
        row(5, stars="4", score="78", issuing_level="Tỉnh", authority="UBND Thành phố Hà Nội"),
    ]), "f.csv", dry_run=False)
    found = {(p.line, p.column) for p in report.problems}
    assert found == {(2, "score"), (3, "issuing_level"), (4, "score"), (5, "score"), (5, "issuing_level")}
    message = next(p.message for p in report.problems if p.line == 2)
    assert message == "95 points do not make 3 stars: 3 stars need 50–69 points."
    assert not Certification.objects.exists()


def test_import_writes_them_and_older_headers_keep_what_is_stored():
    new = csv_bytes([row(1, stars="4", score="78", issuing_level="province", authority="UBND TP Hà Nội")])
    assert import_file(new, "f.csv", dry_run=False).ok
    cert = Certification.objects.get()
    assert (cert.score, cert.issuing_level, cert.authority_vi) == (78, "province", "UBND TP Hà Nội")
    assert cert.authority_en == "Hanoi People's Committee"

    for header in HEADER_VERSIONS[:-1]:  # 18- and 21-column files carry none of them
        old = csv_bytes([{k: v for k, v in row(1, stars="4").items() if k in header}], header=header)
        report = import_file(old, "old.csv", dry_run=False)
        assert report.ok and report.unchanged == 1, [p.message for p in report.problems]
    cert.refresh_from_db()
    assert (cert.score, cert.issuing_level, cert.authority_vi) == (78, "province", "UBND TP Hà Nội")

    # New stars that the stored score contradicts, the score cell empty: a problem of the row.
    report = import_file(csv_bytes([row(1, stars="3")]), "f.csv", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, "score")]


def test_export_round_trips_the_new_columns(client):
    product = certified_product()
    Certification.objects.filter(product=product).update(score=81, issuing_level="province")
    text = b"".join(client.get("/products/export.csv").streaming_content).decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(",")[-3:] == ["score", "issuing_level", "authority"] and header.split(",") == list(COLUMNS)
    assert first.endswith(",81,province,UBND Thành phố Hà Nội")


def test_product_and_verify_pages_show_score_level_and_issuer(client):
    product = ProductFactory()
    CertificationFactory(product=product, stars=4, score=84, issuing_level="province",
                         authority="UBND Thành phố Hà Nội")
    product.refresh_from_db()
    for url in (product.get_absolute_url(), f"/en/verify/{product.code}/"):
        page = client.get(url).text
        assert "84/100 points · recognised at province / city level" in page, url
        assert "by Hanoi People&#x27;s Committee" in page  # the signing body named in English
