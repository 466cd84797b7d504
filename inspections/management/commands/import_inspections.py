"""manage.py import_inspections FILE [--dry-run]: post-inspection results from a spreadsheet."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.importing.report import describe_problem, describe_row
from inspections.importing import import_inspections_file


class Command(BaseCommand):
    help = ("Import post-inspection results from a .csv (UTF-8) or .xlsx file with the columns "
            "product_code, inspected_on, agency, sampled, result, findings.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and report what would change; write nothing")
        parser.add_argument("--user", help="username recorded as the author in the change history")

    def handle(self, *args, file, dry_run, user, **options):
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
        report = import_inspections_file(data, path.name, dry_run=dry_run, user=author, source=path.name)
        for problem in report.problems:
            self.stderr.write(describe_problem(problem))
        if not report.ok:
            raise CommandError(_("%(count)d problem(s) found; nothing was written.")
                               % {"count": len(report.problems)})
        for row in report.rows:
            self.stdout.write(describe_row(row))
        self.stdout.write(report.summary())
