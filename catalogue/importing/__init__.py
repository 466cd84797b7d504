"""Spreadsheet import of the catalogue (docs/import-format.md) and the row format export shares."""

from .format import COLUMNS, EXAMPLE_ROW, product_row
from .readers import Problem, read_table
from .service import ImportReport, RowResult, import_catalogue, import_file, refresh_ratings

__all__ = [
    "COLUMNS",
    "EXAMPLE_ROW",
    "ImportReport",
    "Problem",
    "RowResult",
    "import_catalogue",
    "import_file",
    "product_row",
    "read_table",
    "refresh_ratings",
]
