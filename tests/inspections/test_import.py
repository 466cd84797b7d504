"""import_inspections: the file checks shared with the catalogue import, every column's rules,
all-or-nothing, and a second import of the same file adding nothing."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from openpyxl import Workbook

from inspections.importing import COLUMNS, import_inspections_file
from inspections.models import InspectedProduct, Inspection
from tests.factories import certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_bytes(rows, header=COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue().encode()


def row(code, **overrides):
    return {"product_code": code, "inspected_on": "03/11/2026", "agency": "Đoàn kiểm tra liên ngành",
            "sampled": "có", "result": "passed", "findings": "Đạt", **overrides}


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


@pytest.fixture
def products():
    return [certified_product(code=f"HN-INS-{n}") for n in range(3)]


def test_rows_of_one_date_and_agency_form_one_inspection(products):
    data = csv_bytes([
        row("HN-INS-0"),
        row("hn ins 1", result="không đạt", sampled="no", findings="Nhãn sai"),
        row("HN-INS-2", inspected_on="2026-10-01", agency="Chi cục QLCL", result="follow_up"),
    ])
    report = import_inspections_file(data, "checks.csv", dry_run=False)

    assert report.ok and report.written, problems(report)
    assert (report.created, report.new_inspections) == (3, 2)
    city = Inspection.objects.get(agency="Đoàn kiểm tra liên ngành")
    assert city.inspected_on == datetime.date(2026, 11, 3)
    assert sorted(city.checks.values_list("product__code", "result", "sampled")) == [
        ("HN-INS-0", "passed", True), ("HN-INS-1", "failed", False)]
    failed = city.checks.get(result="failed")
    assert failed.findings == "Nhãn sai"
    assert failed.deadline == datetime.date(2026, 12, 3)  # 30 days unless an officer sets one
    assert InspectedProduct.history.count() == 3


def test_reimporting_the_same_file_adds_nothing_and_changed_results_update(products):
    data = csv_bytes([row("HN-INS-0"), row("HN-INS-1", result="failed")])
    import_inspections_file(data, "a.csv", dry_run=False)
    again = import_inspections_file(data, "a.csv", dry_run=False)
    assert (again.created, again.updated, again.unchanged, again.new_inspections) == (0, 0, 2, 0)
    assert InspectedProduct.objects.count() == 2 and Inspection.objects.count() == 1

    # The agency typed differently is still the same inspection; a corrected result updates.
    fixed = csv_bytes([row("HN-INS-0", agency="ĐOÀN KIỂM TRA LIÊN NGÀNH"), row("HN-INS-1", result="passed")])
    report = import_inspections_file(fixed, "b.csv", dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert InspectedProduct.objects.get(product__code="HN-INS-1").result == "passed"


def test_dry_run_writes_nothing(products):
    report = import_inspections_file(csv_bytes([row("HN-INS-0")]), "a.csv", dry_run=True)
    assert report.ok and report.created == 1 and not report.written
    assert not Inspection.objects.exists()


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(products):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = csv_bytes([
        row("HN-INS-0"),  # fine, but not written since others are wrong
        row("HN-NOPE-9"),
        row("HN-INS-1", inspected_on="31/02/2026"),
        row("HN-INS-2", result="maybe", sampled="perhaps"),
        row("HN-INS-1", inspected_on=tomorrow, agency=""),
        row("HN-INS-0", agency="Đoàn kiểm tra liên ngành"),  # twice in the same inspection
    ])
    report = import_inspections_file(data, "bad.csv", dry_run=False)

    assert not report.ok and not report.written
    found = {(line, column) for line, column, _m in problems(report)}
    assert found == {(3, "product_code"), (4, "inspected_on"), (5, "sampled"), (5, "result"),
                     (6, "inspected_on"), (6, "agency"), (7, "product_code")}
    messages = dict(((line, column), message) for line, column, message in problems(report))
    assert "HN-NOPE-9" in messages[(3, "product_code")]
    assert "line 2" in messages[(7, "product_code")]
    assert not Inspection.objects.exists() and not InspectedProduct.objects.exists()


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"product_code;inspected_on\n", "a.csv", "semicolons"),
    (b"\xff\xfe garbage", "a.csv", "not UTF-8"),
    (b"PK\x03\x04zip", "a.csv", "not a text file"),
    (b"product_code,inspected_on\n", "a.csv", "Missing column “agency”"),
    (b"a,b", "a.txt", "Only .csv"),
    (b"", "a.csv", "empty"),
])
def test_bad_files_are_refused_as_the_catalogue_import_refuses_them(data, name, expected):
    report = import_inspections_file(data, name, dry_run=False)
    assert not report.ok
    assert any(expected in p.message for p in report.problems), problems(report)


def test_a_catalogue_file_is_not_taken_for_inspections(products):
    from catalogue.importing import COLUMNS as CATALOGUE_COLUMNS

    report = import_inspections_file(",".join(CATALOGUE_COLUMNS).encode() + b"\n", "catalogue.csv", dry_run=True)
    assert any(p.column == "code" and "Unknown column" in p.message for p in report.problems)


def test_xlsx_with_real_dates_imports(products):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(["HN-INS-0", datetime.datetime(2026, 9, 5), "Chi cục QLCL", True, "Đạt", ""])
    out = io.BytesIO()
    workbook.save(out)
    report = import_inspections_file(out.getvalue(), "checks.xlsx", dry_run=False)
    assert report.ok, problems(report)
    check = InspectedProduct.objects.get()
    assert check.inspection.inspected_on == datetime.date(2026, 9, 5) and check.sampled


def test_command_reports_problems_and_dry_run(products, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row("HN-INS-0")]))
    call_command("import_inspections", str(good), "--dry-run")
    assert "Dry run" in capsys.readouterr().out and not Inspection.objects.exists()
    call_command("import_inspections", str(good))
    assert Inspection.objects.count() == 1
    call_command("import_inspections", str(good))
    assert InspectedProduct.objects.count() == 1

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row("HN-UNKNOWN")]))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_inspections", str(bad))
    assert "line 2, column product_code" in capsys.readouterr().err
