"""Building import files in tests: rows in the documented format, as CSV or .xlsx bytes."""

import csv
import io

from catalogue.importing import COLUMNS

BASE_ROW = {
    "code": "HN-T-0001",
    "name_vi": "Tương Cự Đà",
    "name_en": "Cu Da soy sauce",
    "category": "1.4.a",
    "stars": "4",
    "potential_five_star": "no",
    "certificate_no": "1/QĐ-T",
    "issued_on": "2025-06-15",
    "valid_until": "",
    "certificate_status": "active",
    "producer": "Cơ sở tương Cự Đà",
    "producer_kind": "household",
    "village": "Làng Cự Đà",
    "area": "Xã Thanh Oai",
    "former_district": "Thanh Oai",
    "address": "Thôn Cự Đà, Thanh Oai, Hà Nội",
    "description_vi": "Tương truyền thống.",
    "description_en": "Traditional soy sauce.",
}


def row(n=1, **overrides):
    """A valid row; ``n`` gives it its own product code and certificate number."""
    values = dict(BASE_ROW, code=f"HN-T-{n:04d}", certificate_no=f"{n}/QĐ-T")
    values.update(overrides)
    return values


def csv_bytes(rows, *, bom=False, header=COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, header=COLUMNS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append([values.get(column, "") for column in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
