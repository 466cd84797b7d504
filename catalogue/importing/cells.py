"""Reading one line's cells into values, collecting a problem per bad cell (line and column).

Every spreadsheet import reads its cells through this, so a control character, an overlong
value or an unreadable date gets the same message in the catalogue import and the others.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop_site.plain_text import check_multi_line, check_single_line

from .format import CellError
from .readers import Problem


class CellReader:
    """``cell = CellReader(line, cells, problems); cell("issued_on", parse_date, required=True)``
    gives the parsed value, or None after appending a ``Problem`` naming the line and column."""

    def __init__(self, line: int, cells: dict, problems: list, *, max_lengths=None, multi_line=frozenset()):
        self.line = line
        self.cells = cells
        self.problems = problems
        self.max_lengths = max_lengths or {}
        self.multi_line = multi_line

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def __call__(self, column, parser=None, *, required=False):
        value = self.cells[column]
        if not value:
            if required:
                self.problem(column, _("This column is required."))
            return None
        try:
            (check_multi_line if column in self.multi_line else check_single_line)(value)
        except ValidationError as exc:
            self.problem(column, exc.messages[0])
            return None
        limit = self.max_lengths.get(column)
        if limit and len(value) > limit:
            self.problem(column, _("Longer than %(max)d characters.") % {"max": limit})
            return None
        if parser is None:
            return value
        try:
            return parser(value)
        except CellError as exc:
            self.problem(column, str(exc))
            return None
