"""The command-line side of a spreadsheet import, shared by ``import_catalogue`` and
``import_inspections``: read the file, find the author, run the import, print each problem or
row and the summary, and fail (writing nothing) when the file has problems."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.importing.report import describe_problem, describe_row


class SpreadsheetImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and report what would change; write nothing")
        parser.add_argument("--user", help="username recorded as the author in the change history")
        parser.add_argument("--quiet-rows", action="store_true",
                            help="only print changed rows and the summary, not unchanged rows")

    def run_import(self, data: bytes, filename: str, *, dry_run: bool, user):
        """The import's report for the file's bytes (all-or-nothing)."""
        raise NotImplementedError

    def summary(self, report) -> str:
        return report.summary()

    def handle(self, *args, file, dry_run, user, quiet_rows=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user “{user}”.")

        report = self.run_import(data, path.name, dry_run=dry_run, user=author)
        for problem in report.problems:
            self.stderr.write(describe_problem(problem))
        if not report.ok:
            raise CommandError(_("%(count)d problem(s) found; nothing was written.")
                               % {"count": len(report.problems)})
        for row in report.rows:
            if quiet_rows and row.action == "unchanged":
                continue
            self.stdout.write(describe_row(row))
        self.stdout.write(self.summary(report))
