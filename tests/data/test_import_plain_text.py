"""The spreadsheet import refuses what the admin refuses: invisible control characters in any
cell, and line breaks outside the descriptions -- as a line/column problem, writing nothing."""

import pytest
from django.utils import translation

from catalogue.importing import import_file
from catalogue.models import Producer, Product

from .helpers import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db

CONTROL = "This contains an invisible control character ({}); retype it or paste it as plain text."
LINE_BREAK = "This must be a single line: it contains a line break (U+000A); remove it."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


def test_control_characters_and_stray_line_breaks_are_problems_of_their_line_and_column():
    rows = [
        row(1),
        row(2, name_vi="Tương\x07 Cự Đà"),
        row(3, address="Thôn Cự Đà,\nThanh Oai", description_en="Soy\x0bsauce"),
        row(4, certificate_no="4/QĐ\x1b-T"),
    ]
    report = import_file(csv_bytes(rows), "file.csv", dry_run=False)

    assert problems(report) == [
        (3, "name_vi", CONTROL.format("U+0007")),
        (4, "address", LINE_BREAK),
        (4, "description_en", CONTROL.format("U+000B")),
        (5, "certificate_no", CONTROL.format("U+001B")),
    ]
    assert not report.written
    assert not Product.objects.exists() and not Producer.objects.exists()  # not even line 2


def test_an_xlsx_cell_is_checked_the_same_way():
    data = xlsx_bytes([row(1), row(2, producer="HTX\x85Cự Đà", village="Làng\nCự Đà")])
    report = import_file(data, "file.xlsx", dry_run=True)
    assert problems(report) == [
        (3, "producer", CONTROL.format("U+0085")),
        (3, "village", LINE_BREAK),
    ]


def test_descriptions_keep_their_tabs_and_line_breaks_and_vietnamese_text_imports():
    description = "Tương Cự Đà:\n\t– đậu tương, gạo nếp\r\n\t– ủ chượp 3 tháng"
    report = import_file(csv_bytes([row(1, description_vi=description, name_vi="Tương Cự Đà “đặc biệt”")]),
                         "file.csv", dry_run=False)
    assert report.ok and report.written, problems(report)
    product = Product.objects.get()
    assert product.name_vi == "Tương Cự Đà “đặc biệt”"
    assert product.description_vi == description
