"""manage.py build_exports: build the full open-data files (/products/export.csv and .xlsx) for
the current content version and day, in the foreground.

A request never builds them itself: one that finds no current file starts a background build and
serves the newest older file meanwhile (catalogue/export_files.py). Run this after a deploy,
after a large import and just after midnight (when certificates expire and the day's files
change): see docs/deploy.md; visitors then always get today's file."""

from django.core.management.base import BaseCommand

from catalogue.export_files import FORMATS, build, current_path


class Command(BaseCommand):
    help = "Build the full open-data exports (.csv and .xlsx) for the current catalogue."

    def handle(self, *args, **options):
        for extension in FORMATS:
            path = current_path(extension)
            build(extension, path)  # waits for a build another process has running
            self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
