"""Reading an import file (UTF-8 CSV with or without BOM, or .xlsx) into rows of text cells.

Shared by every spreadsheet import (the catalogue's, ``inspections``'): each passes its own
``columns``, so both refuse the same bad files (wrong format, not UTF-8, wrong header) the same way.

Line numbers are spreadsheet rows: the header is line 1, the first product line 2 — the number
Excel or LibreOffice shows next to the row, for CSV and .xlsx alike.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .format import HEADER_VERSIONS, unquote_formula

MAX_ROWS = 50_000
# A workbook is a zip of XML files. openpyxl inflates members whole (shared strings, styles), so
# a small upload crafted to inflate to gigabytes (a "decompression bomb") would take a worker's
# memory: the zip's directory is checked before openpyxl opens it. Python's zipfile stops at
# the declared sizes, so they cannot lie. A real 50,000-row export inflates to ~60 MB, at most
# ~30 times its compressed size.
XLSX_MAX_MEMBERS = 1_000
XLSX_MAX_MEMBER_BYTES = 200 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 300 * 1024 * 1024
XLSX_MAX_RATIO = 200  # uncompressed / compressed, for members above XLSX_RATIO_FROM_BYTES
XLSX_RATIO_FROM_BYTES = 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Problem:
    """One thing wrong with the file: where (line, column; 0/'' for the whole file) and why."""

    line: int
    column: str
    message: str


@dataclass
class Table:
    rows: list = field(default_factory=list)  # [(line, {column: text})]
    problems: list = field(default_factory=list)


def read_table(data: bytes, filename: str, *, columns=None, versions=HEADER_VERSIONS) -> Table:
    """Rows of the file as text (``{column: text}``), or the problems that make it unreadable.

    The format follows the extension (.csv or .xlsx) and the content must agree with it; the
    header must be exactly ``columns`` when given (another import's), else one of ``versions``
    (the catalogue's format, each version appending columns to the one before). The rows of an
    earlier version's file hold the newer columns too, empty.
    """
    versions = (tuple(columns),) if columns is not None else tuple(tuple(v) for v in versions)
    suffix = Path(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        return _fail(_("Only .csv (UTF-8) and .xlsx files can be imported, not “%(name)s”.")
                     % {"name": filename})
    is_zip = data.startswith(_ZIP_MAGIC)
    if suffix == ".xlsx" and not is_zip:
        return _fail(_("This file is named .xlsx but is not an Excel workbook."))
    if suffix == ".csv" and (is_zip or b"\x00" in data[:4096]):
        return _fail(_("This file is named .csv but is not a text file; save it as “CSV UTF-8”."))
    try:
        raw = _xlsx_rows(data) if suffix == ".xlsx" else _csv_rows(data)
    except _Unreadable as exc:
        return _fail(str(exc))
    return _rows_from(raw, versions)


def _fail(message):
    return Table(problems=[Problem(0, "", message)])


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _Unreadable(
            _("Line %(line)d is not UTF-8 text. In Excel use “Save as → CSV UTF-8”.") % {"line": line}
        ) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _Unreadable(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None


def _xlsx_rows(data: bytes):
    # Imported lazily: only .xlsx uploads pay for openpyxl.
    from openpyxl import load_workbook

    _refuse_zip_bomb(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _Unreadable(_("The Excel workbook cannot be read (%(error)s).") % {"error": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _refuse_zip_bomb(data: bytes) -> None:
    """Raise _Unreadable if the workbook would inflate beyond what a catalogue file needs."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Unreadable(_("The Excel workbook cannot be read (%(error)s).") % {"error": exc}) from None
    too_big = _("This workbook would take too much memory to open (%(reason)s). Save it again "
                "from Excel or LibreOffice, or split it into several files.")
    if len(members) > XLSX_MAX_MEMBERS:
        raise _Unreadable(too_big % {"reason": _("%(count)d parts inside") % {"count": len(members)}})
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > XLSX_MAX_MEMBER_BYTES or total > XLSX_MAX_TOTAL_BYTES:
            raise _Unreadable(too_big % {"reason": _("more than %(mb)d MB unpacked")
                                         % {"mb": XLSX_MAX_TOTAL_BYTES // (1024 * 1024)}})
        if (member.file_size > XLSX_RATIO_FROM_BYTES
                and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)):
            raise _Unreadable(too_big % {"reason": _("a part is compressed %(ratio)d times")
                                         % {"ratio": member.file_size // max(member.compress_size, 1)}})


def _cell_text(value) -> str:
    """An Excel cell as the text the CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Unreadable(Exception):
    pass


def _rows_from(raw, versions) -> Table:
    table = Table()
    if not raw or not any(cell.strip() for cell in raw[0]):
        return _fail(_("The file is empty: the first line must be the header row."))
    header = [cell.strip().lstrip("\ufeff").lower() for cell in raw[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) == 1 and ";" in header[0]:
        return _fail(_("The header is separated by semicolons; the file must use commas."))
    columns = versions[-1]
    version = next((v for v in versions if header == list(v)), None)
    if version is None:
        table.problems.extend(_header_problems(header, versions))
        return table
    width = len(version)
    data_rows = raw[1:]
    if len(data_rows) > MAX_ROWS:
        return _fail(_("The file has more than %(max)d rows; split it into several files.") % {"max": MAX_ROWS})
    for index, cells in enumerate(data_rows, start=2):
        # Exports put an apostrophe before text a spreadsheet would run as a formula: take it off.
        cells = [unquote_formula(c.strip()) for c in cells]
        if not any(cells):
            continue  # blank lines, e.g. at the end of an Excel sheet
        if any(cells[width:]):
            table.problems.append(Problem(index, "", _(
                "This line has %(count)d cells but the header has %(width)d columns."
            ) % {"count": len(cells), "width": width}))
            continue
        # An earlier version's file lacks the newer columns: they read as empty.
        cells = cells[:width]
        cells += [""] * (len(columns) - len(cells))
        table.rows.append((index, dict(zip(columns, cells))))
    if not table.rows and not table.problems:
        table.problems.append(Problem(0, "", _("The file has a header but no product rows.")))
    return table


def _header_problems(header, versions):
    # Measured against the version the file is closest to (most columns in common; the oldest on a
    # tie), so a file of an earlier version is not told to add the newer columns.
    expected = max(versions, key=lambda columns: len(set(columns) & set(header)))
    problems = []
    unknown = [name for name in header if name not in versions[-1]]
    missing = [name for name in expected if name not in header]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    for name in unknown:
        problems.append(Problem(1, name, _("Unknown column “%(name)s”.") % {"name": name or "(empty)"}))
    for name in missing:
        problems.append(Problem(1, name, _("Missing column “%(name)s”.") % {"name": name}))
    for name in duplicated:
        problems.append(Problem(1, name, _("Column “%(name)s” appears more than once.") % {"name": name}))
    if not problems:
        problems.append(Problem(1, "", _("The columns are in the wrong order.")))
    if len(versions) == 1:
        problems.append(Problem(1, "", _("The header must be exactly: %(columns)s")
                                % {"columns": ",".join(versions[-1])}))
    else:
        problems.append(Problem(1, "", _(
            "The header must be exactly: %(columns)s (files of an earlier version of the format may end "
            "at %(ends)s)."
        ) % {"columns": ",".join(versions[-1]), "ends": ", ".join(v[-1] for v in versions[:-1])}))
    return problems
