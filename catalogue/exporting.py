"""Open data: the listed products, filtered like /products/, as rows of the import format; and
the admin's export of the whole register (``register_queryset``), in the same format.

CSV is streamed row by row from a database cursor, so a 100,000-product export holds a few
thousand rows in memory at a time. An .xlsx file is a zip that cannot be streamed: openpyxl's
write-only mode writes it to a temporary file, which is then sent.
"""

import csv
import datetime
import tempfile

from django.db.models import Prefetch

from catalogue.filters import ProductFilter
from catalogue.importing import COLUMNS, product_row
from catalogue.importing.format import FORMULA_STARTS, quote_formula
from catalogue.models import Area, Product

CHUNK = 2000  # rows fetched per database round trip, and rows per streamed piece


def export_queryset(params):
    """The products ``/products/?<params>`` lists (all of them, not a page), in its order."""
    filterset = ProductFilter(params, queryset=Product.objects.listed())
    return filterset.qs.select_related(
        "category", "producer", "producer__area", "village", "current_certification",
    )


def register_queryset(queryset):
    """Any products (the admin's whole register: expired, revoked and unlisted ones too) ready
    for ``iter_rows``: a product without a current certification is written with its newest one,
    so their certifications come in one query per chunk rather than one per product."""
    return queryset.select_related(
        "category", "producer", "producer__area", "village", "current_certification",
    ).prefetch_related("certifications")


def _districts_by_area() -> dict:
    """Each area's former districts, read once (126 areas) instead of once per product."""
    areas = Area.objects.prefetch_related(Prefetch("former_districts"))
    return {area.pk: list(area.former_districts.all()) for area in areas}


def iter_rows(queryset):
    """Each product as a list of cells in COLUMNS order."""
    districts = _districts_by_area()
    for product in queryset.iterator(chunk_size=CHUNK):
        row = product_row(product, former_districts=districts)
        yield [row[column] for column in COLUMNS]


class _Echo:
    """A file-like object whose write() returns what it is given: csv.writer as a formatter."""

    def write(self, value):
        return value


# Where the decimal mark is a comma (Vietnamese, most of Europe) spreadsheet programs often split
# CSV files on ";". A cell "x;=HYPERLINK(…)" would then become two, the second a live formula:
# such cells are quoted whole. csv.writer only quotes for its own delimiter, so those rows are
# written with QUOTE_ALL (same file for a comma-splitting reader; the import reads both).
_semicolon_safe = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)


def _csv_line(writer, cells) -> str:
    if any(";" in cell for cell in cells):
        return _semicolon_safe.writerow(cells)
    return writer.writerow(cells)


def csv_chunks(queryset):
    """The CSV file in pieces of ``CHUNK`` rows, UTF-8 with a BOM so Excel reads the accents.

    Text that Excel would run as a formula (``=HYPERLINK(…)``, ``+…``, ``-…``, ``@…``) gets an
    apostrophe in front (``quote_formula``), which the import takes off again; a row with a ";"
    in a cell has every cell in double quotes (``_csv_line``)."""
    writer = csv.writer(_Echo())
    piece = ["\ufeff" + writer.writerow(COLUMNS)]
    for cells in iter_rows(queryset):
        piece.append(_csv_line(writer, [quote_formula(cell) for cell in cells]))
        if len(piece) >= CHUNK:
            yield "".join(piece).encode("utf-8")
            piece = []
    if piece:
        yield "".join(piece).encode("utf-8")


def _xlsx_text(sheet, value: str):
    """A text cell as text, whatever it holds. Control characters (pasted from other programs)
    are not allowed in the file's XML: openpyxl refuses them, so one product carrying one made
    the whole download a server error; they are dropped. Text starting with "=" would be
    written as a formula (``=HYPERLINK(…)`` live in a public file): it is marked as a string.
    Text starting like a formula (the CSV's ``quote_formula`` characters) also gets Excel's
    "quote prefix", the cell form of the CSV's apostrophe: editing the cell keeps it text. The
    value itself is unchanged, so the import reads it back as it is."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] == "'":
        # The import takes one apostrophe off "'=1" (a hand-quoted formula): add one, as the CSV does.
        return quote_formula(value)
    if value[:1] not in FORMULA_STARTS:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_file(queryset):
    """A temporary file (deleted when closed) holding the workbook, positioned at its start."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(queryset, out)
    out.seek(0)
    return out


def write_xlsx(queryset, out) -> None:
    """Write the workbook to ``out`` (a path or a binary file)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("products")
    sheet.append(list(COLUMNS))
    # Real numbers and dates, so the sheet sorts and filters as people expect; the import
    # reads them back as it reads text.
    stars = COLUMNS.index("stars")
    dates = [COLUMNS.index(column) for column in ("issued_on", "valid_until", "revoked_on")]
    for cells in iter_rows(queryset):
        if cells[stars]:
            cells[stars] = int(cells[stars])
        for index in dates:
            if cells[index]:
                cells[index] = datetime.date.fromisoformat(cells[index])
        sheet.append([_xlsx_text(sheet, cell) if isinstance(cell, str) else cell for cell in cells])
    workbook.save(out)
