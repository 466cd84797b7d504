"""manage.py import_inspections FILE [--dry-run]: post-inspection results from a spreadsheet."""

from catalogue.importing.command import SpreadsheetImportCommand
from inspections.importing import import_inspections_file


class Command(SpreadsheetImportCommand):
    help = ("Import post-inspection results from a .csv (UTF-8) or .xlsx file with the columns "
            "product_code, inspected_on, agency, sampled, result, findings.")

    def run_import(self, data, filename, *, dry_run, user):
        return import_inspections_file(data, filename, dry_run=dry_run, user=user, source=filename)
