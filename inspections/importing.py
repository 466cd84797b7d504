"""``manage.py import_inspections`` and the admin's upload: one row per product checked.

Built on the catalogue import's framework (``catalogue.importing``): the same readers and file
checks (CSV UTF-8 or .xlsx, header, blank lines, formula apostrophes), the same cell reader and
line/column problems, the same all-or-nothing rule. A check is identified by its product, date
and agency (compared ignoring case and accents), so re-importing a file adds nothing; rows of
one date and agency form one inspection.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.importing.cells import CellReader
from catalogue.importing.format import CellError, normalized, parse_bool, parse_date
from catalogue.importing.readers import Problem, read_table
from catalogue.importing.service import CREATE, UNCHANGED, UPDATE, RowResult
from catalogue.models import Product
from catalogue.text import normalize_code, normalize_search

from .models import InspectedProduct, Inspection

COLUMNS = ("product_code", "inspected_on", "agency", "sampled", "result", "findings")
MAX_LENGTHS = {"product_code": 40, "agency": 200}
MULTI_LINE = frozenset({"findings"})
EXAMPLE_ROW = {
    "product_code": "HN-OCOP-0001",
    "inspected_on": "15/10/2026",
    "agency": "Đoàn kiểm tra liên ngành thành phố",
    "sampled": "yes",
    "result": "passed",
    "findings": "Nhãn đúng quy định; mẫu đạt chỉ tiêu vi sinh.",
}

# Compared after normalize_search(): "Không đạt" == "khong dat".
RESULTS = {
    "passed": "passed", "pass": "passed", "dat": "passed",
    "failed": "failed", "fail": "failed", "khong dat": "failed",
    "follow_up": "follow_up", "follow up": "follow_up", "follow-up": "follow_up",
    "theo doi": "follow_up", "can theo doi": "follow_up", "khac phuc": "follow_up",
}


def parse_result(value: str) -> str:
    result = RESULTS.get(normalized(value))
    if result is None:
        raise CellError(_("“%(value)s” is not a result; write passed, failed or follow_up (or đạt, "
                          "không đạt, theo dõi).") % {"value": value})
    return result


@dataclass
class InspectionImportReport:
    dry_run: bool
    problems: list = field(default_factory=list)  # [Problem]: any one means nothing is written
    rows: list = field(default_factory=list)  # [RowResult]
    new_inspections: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count(CREATE)

    @property
    def updated(self):
        return self.count(UPDATE)

    @property
    def unchanged(self):
        return self.count(UNCHANGED)

    def summary(self) -> str:
        parts = [
            ngettext("%(n)d product check new", "%(n)d product checks new", self.created) % {"n": self.created},
            ngettext("%(n)d changed", "%(n)d changed", self.updated) % {"n": self.updated},
            ngettext("%(n)d unchanged", "%(n)d unchanged", self.unchanged) % {"n": self.unchanged},
            ngettext("%(n)d new inspection", "%(n)d new inspections", self.new_inspections)
            % {"n": self.new_inspections},
        ]
        if self.dry_run:
            lead = _("Dry run, nothing written")
        elif self.written:
            lead = _("Imported")
        else:
            lead = _("Nothing written")
        return f"{lead}: {', '.join(parts)}."


@dataclass
class _Row:
    line: int
    product: Product | None = None
    code: str = ""
    inspected_on: datetime.date | None = None
    agency: str = ""
    agency_key: str = ""
    sampled: bool = False
    result: str = ""
    findings: str = ""


def import_inspections_file(data: bytes, filename: str, *, dry_run: bool, user=None,
                            source: str = "") -> InspectionImportReport:
    table = read_table(data, filename, columns=COLUMNS)
    if table.problems:
        return InspectionImportReport(dry_run=dry_run, problems=table.problems)
    return import_inspections(table.rows, dry_run=dry_run, user=user, source=source or filename)


def import_inspections(raw_rows, *, dry_run: bool, user=None, source: str = "") -> InspectionImportReport:
    """Check every row, then (unless ``dry_run`` or a problem) write them all in one transaction."""
    report = InspectionImportReport(dry_run=dry_run)
    with transaction.atomic():
        plan = _plan(raw_rows, report)
        if report.ok and not dry_run:
            _write(plan, user=user, reason=(f"Import: {source}" if source else "Import")[:100])
            report.written = True
    return report


def _plan(raw_rows, report):
    products = {}
    keys = {normalize_code(cells["product_code"]) for _line, cells in raw_rows}
    for product in Product.objects.filter(code_key__in=keys).only("pk", "code", "code_key", "name_vi"):
        products[product.code_key] = product

    rows = []
    today = timezone.localdate()
    for line, cells in raw_rows:
        cell = CellReader(line, cells, report.problems, max_lengths=MAX_LENGTHS, multi_line=MULTI_LINE)
        before = len(report.problems)
        row = _Row(line=line)
        row.code = cell("product_code", required=True) or ""
        if row.code:
            row.product = products.get(normalize_code(row.code))
            if row.product is None:
                cell.problem("product_code", _("No product with the code “%(code)s” in the catalogue.")
                             % {"code": row.code})
        row.inspected_on = cell("inspected_on", parse_date, required=True)
        if row.inspected_on and row.inspected_on > today:
            cell.problem("inspected_on", _("The inspection date is in the future."))
        row.agency = cell("agency", required=True) or ""
        row.agency_key = normalize_search(row.agency)
        row.sampled = cell("sampled", parse_bool) or False
        row.result = cell("result", parse_result, required=True) or ""
        row.findings = cell("findings") or ""
        if len(report.problems) == before:
            rows.append(row)

    seen = {}
    for row in rows:
        key = (row.product.pk, row.inspected_on, row.agency_key)
        if key in seen:
            report.problems.append(Problem(row.line, "product_code", _(
                "This product is already on line %(line)d for the same date and agency."
            ) % {"line": seen[key]}))
        else:
            seen[key] = row.line
    if report.problems:
        report.problems.sort(key=lambda p: p.line)
        return None

    inspections = {
        (i.inspected_on, i.agency_key): i
        for i in Inspection.objects.filter(inspected_on__in={r.inspected_on for r in rows},
                                           agency_key__in={r.agency_key for r in rows})
    }
    existing = {
        (c.inspection_id, c.product_id): c
        for c in InspectedProduct.objects.filter(inspection__in=list(inspections.values()))
    }
    plan = {"inspections": inspections, "new_inspections": {}, "writes": []}
    for row in rows:
        key = (row.inspected_on, row.agency_key)
        inspection = inspections.get(key) or plan["new_inspections"].get(key)
        if inspection is None:
            inspection = Inspection(inspected_on=row.inspected_on, agency=row.agency)
            plan["new_inspections"][key] = inspection
        check = existing.get((inspection.pk, row.product.pk)) if inspection.pk else None
        wanted = {"sampled": row.sampled, "result": row.result, "findings": row.findings}
        if check is None:
            check = InspectedProduct(inspection=inspection, product=row.product, **wanted)
            action, changes = CREATE, []
        else:
            changes = [column for column, value in wanted.items() if getattr(check, column) != value]
            for column in changes:
                setattr(check, column, wanted[column])
            if "sampled" in changes and not check.sampled:
                check.lab_report_no = ""
            action = UPDATE if changes else UNCHANGED
        if action != UNCHANGED:
            plan["writes"].append(check)
        report.rows.append(RowResult(row.line, row.product.code, row.product.name_vi, action, changes, []))
    report.new_inspections = len(plan["new_inspections"])
    return plan


def _write(plan, *, user, reason):
    for inspection in plan["new_inspections"].values():
        inspection._history_user, inspection._change_reason = user, reason
        inspection.save()
    for check in plan["writes"]:
        check.inspection = check.inspection  # the id of an inspection saved just above
        check._history_user, check._change_reason = user, reason
        check.save()
