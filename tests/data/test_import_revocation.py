"""Revocations in the import format: the three columns after description_en, a date that may be
unknown, files of the earlier 18-column format, and exports that import back unchanged."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation

from catalogue import exporting
from catalogue.importing import COLUMNS, import_file
from catalogue.importing.format import HEADER_VERSIONS
from catalogue.models import Certification, Product
from catalogue.services import revoke_certifications

from .helpers import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
OLD_COLUMNS = HEADER_VERSIONS[0]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(rows, *, header=COLUMNS, dry_run=False):
    return import_file(csv_bytes(rows, header=header), "file.csv", dry_run=dry_run)


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


def test_the_format_appends_the_revocation_columns_after_description_en():
    assert len(OLD_COLUMNS) == 18 and OLD_COLUMNS[-1] == "description_en"
    assert COLUMNS[:21] == OLD_COLUMNS + ("revoked_on", "revocation_decision", "revocation_reason")


@pytest.mark.parametrize("written", ["2025-09-03", "03/09/2025", "3/9/2025"])
def test_a_revoked_row_takes_its_date_number_and_reason(written):
    report = run([row(1, certificate_status="revoked", revoked_on=written, revocation_decision="88/QĐ-UBND",
                      revocation_reason="Không đạt hậu kiểm.\nĐã thông báo cho chủ thể.")])

    assert report.ok, problems(report)
    cert = Certification.objects.get()
    assert cert.status == "revoked" and cert.revoked_on == datetime.date(2025, 9, 3)
    assert cert.revocation_decision_no == "88/QĐ-UBND"
    assert cert.revocation_reason == "Không đạt hậu kiểm.\nĐã thông báo cho chủ thể."
    assert not Product.objects.listed().exists()


def test_an_empty_revoked_on_is_an_unknown_date_never_the_import_day():
    report = run([row(1, certificate_status="revoked", revocation_decision="88/QĐ-UBND")])

    assert report.ok, problems(report)
    cert = Certification.objects.get()
    assert cert.status == "revoked" and cert.revoked_on is None
    assert cert.revocation_decision_no == "88/QĐ-UBND"
    # Importing the same file again changes nothing.
    assert run([row(1, certificate_status="revoked", revocation_decision="88/QĐ-UBND")]).rows[0].action == "unchanged"


@pytest.mark.parametrize("overrides, column, message", [
    ({"certificate_status": "revoked", "revoked_on": "2099-01-01"}, "revoked_on",
     "The revocation date is in the future."),
    ({"certificate_status": "revoked", "revoked_on": "2025-06-14"}, "revoked_on",
     "A certification cannot be revoked before it was issued."),
    ({"certificate_status": "revoked", "revoked_on": "09/31/2025"}, "revoked_on",
     "“09/31/2025” is not a real date."),
    ({"certificate_status": "revoked", "revoked_on": "next week"}, "revoked_on",
     "“next week” is not a date; write YYYY-MM-DD or DD/MM/YYYY."),
    ({"certificate_status": "revoked", "revocation_decision": "1" * 61}, "revocation_decision",
     "Longer than 60 characters."),
    ({"certificate_status": "revoked", "revocation_decision": "88/QĐ\nUBND"}, "revocation_decision",
     "This must be a single line: it contains a line break (U+000A); remove it."),
    ({"certificate_status": "active", "revoked_on": "2025-09-03"}, "revoked_on",
     "Only a revoked certification has revocation details; this row's certificate_status is active."),
    ({"revocation_reason": "Hậu kiểm"}, "revocation_reason",
     "Only a revoked certification has revocation details; this row's certificate_status is active."),
])
def test_wrong_revocation_cells_are_problems_of_their_line_and_column(overrides, column, message):
    report = run([row(1), row(2, **overrides)])  # issued 2025-06-15

    assert (3, column, message) in problems(report)
    assert not report.written and Product.objects.count() == 0


def test_an_18_column_file_still_imports_and_its_revoked_row_has_no_date():
    data = csv_bytes([row(1), row(2, certificate_status="revoked")], header=OLD_COLUMNS)
    assert data.splitlines()[0].decode().endswith("description_vi,description_en")

    report = import_file(data, "old.csv", dry_run=False)

    assert report.ok, problems(report)
    assert Product.objects.count() == 2
    revoked = Certification.objects.get(certificate_no="2/QĐ-T")
    assert revoked.status == "revoked" and revoked.revoked_on is None
    assert revoked.revocation_decision_no == "" and revoked.revocation_reason == ""


def test_an_18_column_xlsx_still_imports():
    data = xlsx_bytes([row(1)], header=OLD_COLUMNS)
    report = import_file(data, "old.xlsx", dry_run=False)
    assert report.ok, problems(report)
    assert Product.objects.get().code == "HN-T-0001"


def test_an_18_column_file_keeps_a_revocation_recorded_in_the_admin():
    run([row(1)])
    cert = Certification.objects.get()
    revoke_certifications([cert], decision_no="5/QĐ-UBND", revoked_on=timezone.localdate(), reason="Hậu kiểm")
    stamp = Certification.objects.values_list("updated_at", flat=True).get()

    report = run([row(1, certificate_status="revoked")], header=OLD_COLUMNS)

    assert report.ok and report.rows[0].action == "unchanged"
    cert.refresh_from_db()
    assert (cert.revoked_on, cert.revocation_decision_no, cert.revocation_reason) == (
        timezone.localdate(), "5/QĐ-UBND", "Hậu kiểm")
    assert cert.updated_at == stamp


def test_filled_revocation_cells_update_a_revoked_certification():
    run([row(1, certificate_status="revoked")])
    report = run([row(1, certificate_status="revoked", revoked_on="2025-07-01", revocation_reason="Hậu kiểm")])

    assert report.rows[0].action == "update"
    assert report.rows[0].changes == ["revoked_on", "revocation_reason"]
    cert = Certification.objects.get()
    assert cert.revoked_on == datetime.date(2025, 7, 1) and cert.revocation_reason == "Hậu kiểm"


def test_a_row_with_18_cells_under_a_21_column_header_reads_the_rest_as_empty():
    data = csv_bytes([row(1)])
    lines = data.decode().splitlines()
    lines[1] = lines[1].rsplit(",", 3)[0]  # what a hand-edited file may leave
    report = import_file("\n".join(lines).encode(), "file.csv", dry_run=False)
    assert report.ok, problems(report)


def test_a_header_of_no_version_names_the_columns_it_lacks():
    header = list(OLD_COLUMNS) + ["revoked_on"]
    report = run([row(1)], header=header)
    assert (1, "revocation_decision", "Missing column “revocation_decision”.") in problems(report)
    assert (1, "revocation_reason", "Missing column “revocation_reason”.") in problems(report)
    assert "may end at description_en" in report.problems[-1].message


def _all_products_csv():
    """The whole register in the import format, as the staff export (every status) writes it."""
    queryset = Product.objects.select_related("category", "producer", "producer__area", "village",
                                              "current_certification").order_by("code")
    return b"".join(exporting.csv_chunks(queryset))


def _all_products_xlsx():
    queryset = Product.objects.select_related("category", "producer", "producer__area", "village",
                                              "current_certification").order_by("code")
    return exporting.xlsx_file(queryset).read()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_revocations_round_trip_through_an_export(extension):
    run([
        row(1),
        row(2, certificate_status="revoked", revoked_on="2025-09-03", revocation_decision="88/QĐ-UBND",
            revocation_reason="Không đạt hậu kiểm;\n\"tái phạm\"."),
        row(3, certificate_status="revoked"),  # date not recorded
    ])
    before = sorted(Certification.objects.values_list(
        "certificate_no", "status", "revoked_on", "revocation_decision_no", "revocation_reason", "updated_at"))

    data = _all_products_csv() if extension == "csv" else _all_products_xlsx()
    if extension == "csv":
        exported = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert list(exported[0]) == list(COLUMNS)
        by_code = {r["code"]: r for r in exported}
        assert by_code["HN-T-0002"]["revoked_on"] == "2025-09-03"
        assert by_code["HN-T-0002"]["revocation_decision"] == "88/QĐ-UBND"
        assert by_code["HN-T-0003"]["certificate_status"] == "revoked"
        assert by_code["HN-T-0003"]["revoked_on"] == ""
        assert by_code["HN-T-0001"]["revocation_reason"] == ""
    report = import_file(data, f"export.{extension}", dry_run=False)

    assert report.ok, problems(report)
    assert [r.action for r in report.rows] == ["unchanged"] * 3
    assert sorted(Certification.objects.values_list(
        "certificate_no", "status", "revoked_on", "revocation_decision_no", "revocation_reason",
        "updated_at")) == before


def test_xlsx_export_writes_the_revocation_date_as_a_date():
    from openpyxl import load_workbook

    run([row(1, certificate_status="revoked", revoked_on="2025-09-03")])
    workbook = load_workbook(io.BytesIO(_all_products_xlsx()), read_only=True)
    header, first = list(workbook.worksheets[0].iter_rows(values_only=True))[:2]
    values = dict(zip(header, first))
    assert values["revoked_on"] == datetime.datetime(2025, 9, 3)
