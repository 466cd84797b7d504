"""Open data: /products/export.csv and .xlsx give exactly the filtered list, in the import format,
and import back unchanged; /open-data/ describes them."""

import csv
import datetime
import io
import json
import re

import pytest
from django.utils import timezone

from catalogue.importing import COLUMNS, import_file
from catalogue.models import Certification, Product
from tests.factories import (
    CertificationFactory,
    CraftVillageFactory,
    ProducerFactory,
    ProductFactory,
    area,
    certified_product,
    leaf_category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Listed products of several kinds, and some the public never sees."""
    village = CraftVillageFactory(name="Làng gốm Bát Tràng", area=area("xa-bat-trang"))
    cooperative = ProducerFactory(name="HTX Gốm Bát Tràng", kind="cooperative", address="Xóm 3, Bát Tràng")
    tay_ho = ProducerFactory(name="HTX Sen Tây Hồ", kind="cooperative", area=area("phuong-tay-ho"))
    listed = [
        certified_product(5, name_vi="Bình gốm men rạn", producer=cooperative, village=village,
                          category=leaf_category("4.1"), description_vi="Gốm, \"men rạn\";\nhai dòng."),
        certified_product(4, name_vi="Trà sen Tây Hồ", producer=tay_ho, category=leaf_category("1.5.b")),
        certified_product(3, name_vi="Tương Bần", name_en=""),
        certified_product(5, name_vi="Ấm chén Bát Tràng", producer=cooperative, village=village,
                          category=leaf_category("4.1")),
    ]
    expired = ProductFactory(name_vi="Hết hạn")
    CertificationFactory(product=expired, issued_on=timezone.localdate() - datetime.timedelta(days=2000))
    revoked = ProductFactory(name_vi="Bị thu hồi")
    CertificationFactory(product=revoked, status="revoked", revoked_on=timezone.localdate())
    ProductFactory(name_vi="Chưa chứng nhận")
    return listed


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def list_codes(client, query=""):
    response = client.get(f"/products/?{query}")
    return [product.code for product in response.context["products"]]


@pytest.mark.parametrize("query", [
    "", "stars=5", "stars=4&stars=3", "category=handicrafts", "q=bat+trang", "producer_kind=cooperative",
    "area=phuong-tay-ho", "area=huyen-gia-lam", "village=lang-gom-bat-trang", "sort=-stars",
    "stars=9&category=no-such-group&page=abc",  # bad values are ignored, as on the list
])
def test_export_is_exactly_the_filtered_list_in_its_order(client, catalogue, query):
    response = client.get(f"/products/export.csv?{query}")
    assert response.status_code == 200 and response.streaming
    assert [row["code"] for row in csv_rows(response)] == list_codes(client, query)


def test_unlisted_products_are_not_exported(client, catalogue):
    names = {row["name_vi"] for row in csv_rows(client.get("/products/export.csv"))}
    assert names == {"Bình gốm men rạn", "Trà sen Tây Hồ", "Tương Bần", "Ấm chén Bát Tràng"}


def test_csv_rows_are_in_the_import_format(client, catalogue):
    response = client.get("/en/products/export.csv?stars=5")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(r'attachment; filename="ocop-hanoi-products-\d{4}-\d{2}-\d{2}\.csv"',
                    response["Content-Disposition"])
    rows = csv_rows(response)
    assert list(rows[0]) == list(COLUMNS)
    vase = next(row for row in rows if row["name_vi"] == "Bình gốm men rạn")
    cert = Product.objects.get(name_vi="Bình gốm men rạn").current_certification
    assert vase == {
        "code": cert.product.code,
        "name_vi": "Bình gốm men rạn",
        "name_en": cert.product.name_en,
        "category": "4.1",
        "stars": "5",
        "potential_five_star": "no",
        "certificate_no": cert.certificate_no,
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "certificate_status": "active",
        "producer": "HTX Gốm Bát Tràng",
        "producer_kind": "cooperative",
        "village": "Làng gốm Bát Tràng",
        "area": "Xã Bát Tràng",
        "former_district": "Gia Lâm",
        "address": "Xóm 3, Bát Tràng",
        "description_vi": "Gốm, \"men rạn\";\nhai dòng.",
        "description_en": "",
        "revoked_on": "",
        "revocation_decision": "",
        "revocation_reason": "",
        "score": "",
        "issuing_level": "",
        "authority": "UBND Thành phố Hà Nội",
    }


def test_export_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    for n in range(30):
        certified_product(4, name_vi=f"Thêm {n}")
    with django_assert_max_num_queries(8):
        rows = csv_rows(client.get("/products/export.csv"))
    assert len(rows) == 34


def test_xlsx_export_has_the_same_rows_with_real_dates(client, catalogue):
    from openpyxl import load_workbook

    response = client.get("/products/export.xlsx?category=handicrafts")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="ocop-hanoi-products-' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert [row[0] for row in rows[1:]] == list_codes(client, "category=handicrafts")
    first = dict(zip(COLUMNS, rows[1]))
    assert first["stars"] == 5 and isinstance(first["issued_on"], datetime.datetime)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_round_trips_through_the_import_unchanged(client, catalogue, extension):
    # A potential 5-star product and one whose producer has no ward/commune.
    potential = ProductFactory(producer=ProducerFactory(area=None))
    CertificationFactory(product=potential, stars=4, potential_five_star=True)
    response = client.get(f"/products/export.{extension}")
    data = b"".join(response.streaming_content)
    before = (Product.objects.count(), Certification.objects.count(), Product.history.count(),
              Certification.history.count(), sorted(Product.objects.values_list("pk", "updated_at")))

    report = import_file(data, f"export.{extension}", dry_run=False)

    assert report.ok, report.problems
    assert report.unchanged == 5 and report.created == report.updated == 0
    assert report.new_producers == report.updated_producers == report.new_villages == []
    assert (Product.objects.count(), Certification.objects.count(), Product.history.count(),
            Certification.history.count(), sorted(Product.objects.values_list("pk", "updated_at"))) == before


def test_an_edited_export_imports_the_edits(client, catalogue):
    rows = csv_rows(client.get("/products/export.csv?stars=3"))
    rows[0]["name_en"] = "Ban soy sauce"
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    report = import_file(out.getvalue().encode(), "edited.csv", dry_run=False)
    assert [(r.action, r.changes) for r in report.rows] == [("update", ["name_en"])]
    assert Product.objects.get(name_vi="Tương Bần").name_en == "Ban soy sauce"


def test_empty_export_is_just_the_header(client, catalogue):
    rows = csv_rows(client.get("/products/export.csv?q=khong+co+san+pham+nay+xyz"))
    assert rows == []


def test_exports_refuse_posts(client):
    assert client.post("/products/export.csv").status_code == 405


# -- the open-data page --------------------------------------------------------------------------

def test_open_data_page_describes_columns_licence_and_downloads(client, catalogue):
    response = client.get("/en/open-data/")
    assert response.status_code == 200
    text = response.text
    assert "CC BY 4.0" in text and 'href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert 'href="/en/products/export.csv"' in text and 'href="/en/products/export.xlsx"' in text
    for column in COLUMNS:
        assert f"<code>{column}</code>" in text
    assert "4 products with a valid certificate" in text


def test_open_data_page_is_in_the_footer_and_in_vietnamese(client):
    home = client.get("/").text
    assert 'href="/open-data/"' in home
    page = client.get("/open-data/").text
    assert "Dữ liệu mở" in page and "Giấy phép" in page


def test_open_data_page_has_dataset_markup(client, catalogue):
    text = client.get("/en/open-data/").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    dataset = json.loads(block)
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [d["contentUrl"] for d in dataset["distribution"]] == [
        "http://testserver/en/products/export.csv", "http://testserver/en/products/export.xlsx",
    ]


def test_the_product_list_links_to_its_export(client, catalogue):
    text = client.get("/en/products/?stars=5&page=1").text
    assert 'href="/en/products/export.csv?stars=5"' in text
    assert 'href="/en/products/export.xlsx?stars=5"' in text
