from django.core.management.base import BaseCommand

from events.demo import load_events_demo


class Command(BaseCommand):
    help = "Load the demo fairs and events (idempotent); run after the catalogue demo for booths."

    def handle(self, *args, **options):
        counts = load_events_demo()
        self.stdout.write(f"Events demo: {counts['events']} events and {counts['booths']} booths created.")
