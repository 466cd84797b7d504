from django.core.management.base import BaseCommand

from showrooms.demo import load_showrooms_demo


class Command(BaseCommand):
    help = "Load the demo showrooms (fixtures/showrooms.json). Running it twice changes nothing."

    def handle(self, *args, **options):
        summary = load_showrooms_demo()
        self.stdout.write(self.style.SUCCESS(str(summary)))
