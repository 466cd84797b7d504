"""`manage.py load_demo`: the hand-written demo catalogue (fixtures/demo_catalogue.toml)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.demo.loader import DEFAULT_PATH, DemoDataError, load_demo


class Command(BaseCommand):
    help = ("Load the demo catalogue of Hà Nội OCOP products, producers and craft villages. "
            "Safe to run again: what already exists is left as it is.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_PATH, help="demo data file (TOML)")
        parser.add_argument("--no-images", action="store_true", help="skip the placeholder pictures")

    def handle(self, *args, file, no_images, **options):
        try:
            report = load_demo(file, images=not no_images)
        except (DemoDataError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
