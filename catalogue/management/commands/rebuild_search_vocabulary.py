"""Rebuild the search vocabulary (typo correction) from every product's text, with exact word
frequencies. Saves and imports keep it current; run this after bulk SQL edits, or now and then
to drop words no product uses any more."""

from django.core.management.base import BaseCommand

from catalogue.search import rebuild_vocabulary


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        size = rebuild_vocabulary()
        self.stdout.write(f"{size} words in the search vocabulary.")
