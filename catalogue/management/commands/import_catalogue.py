"""manage.py import_catalogue FILE [--dry-run]: the spreadsheet import from the command line."""

from catalogue.importing import import_file
from catalogue.importing.command import SpreadsheetImportCommand
from catalogue.importing.report import summary


class Command(SpreadsheetImportCommand):
    help = "Import products and certifications from a .csv (UTF-8) or .xlsx file (docs/import-format.md)."

    def run_import(self, data, filename, *, dry_run, user):
        return import_file(data, filename, dry_run=dry_run, user=user, source=filename)

    def summary(self, report):
        return summary(report)
