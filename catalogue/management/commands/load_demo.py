"""`manage.py load_demo`: the hand-written demo catalogue (fixtures/demo_catalogue.toml)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.demo.loader import DEFAULT_PATH, DemoDataError, load_demo
from catalogue.demo.loader import redraw_pictures as redraw_pictures_now


class Command(BaseCommand):
    help = ("Load the demo catalogue of Hà Nội OCOP products, producers and craft villages. "
            "Safe to run again: what already exists is left as it is.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_PATH, help="demo data file (TOML)")
        parser.add_argument("--no-images", action="store_true", help="skip the placeholder pictures")
        parser.add_argument("--redraw-pictures", action="store_true",
                            help="also draw the demo's placeholder pictures again (those staff left as they are)")

    def handle(self, *args, file, no_images, redraw_pictures: bool = False, **options):
        try:
            report = load_demo(file, images=not no_images)
            redrawn = redraw_pictures_now() if redraw_pictures else None
        except (DemoDataError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
        if redrawn is not None:
            self.stdout.write(f"{redrawn} placeholder pictures drawn again.")
