"""manage.py build_exports: build the full open-data files (/products/export.csv and .xlsx) for
the current content version and day, so no visitor's request has to.

A request builds a missing file itself, under a lock; at national scale the .xlsx takes tens of
seconds, close to gunicorn's timeout. Run this after a deploy, after a large import and just after
midnight (when certificates expire and the day's files change): see docs/deploy.md."""

from django.core.management.base import BaseCommand

from catalogue.export_files import FORMATS, full_export


class Command(BaseCommand):
    help = "Build the full open-data exports (.csv and .xlsx) for the current catalogue."

    def handle(self, *args, **options):
        for extension in FORMATS:
            path = full_export(extension)
            self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
