"""manage.py send_expiry_reminders [--dry-run]: run daily (docs/deploy.md: cron or a systemd timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reminders.services import send_expiry_reminders


class Command(BaseCommand):
    help = ("E-mail producers whose current OCOP certificates expire within 90, 60 or 30 days (once per "
            "certificate and step) and send the OCOP office a summary.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would be sent; send and record nothing")

    def handle(self, *args, dry_run, **options):
        run = send_expiry_reminders(dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        for producer, email, items in run.sent:
            codes = ", ".join(f"{i.certification.product.code} ({i.step} days step, {i.days_left} left)" for i in items)
            self.stdout.write(f"{verb} {producer.name} <{email}>: {codes}")
        for producer, items in run.without_email:
            codes = ", ".join(i.certification.product.code for i in items)
            self.stdout.write(f"no e-mail: {producer.name} ({producer.phone or 'no phone'}): {codes}")
        for producer, email, error in run.failed:
            self.stderr.write(f"failed: {producer.name} <{email}>: {error}")
        if not (run.sent or run.without_email or run.failed):
            self.stdout.write("Nothing to send today.")
        elif not dry_run:
            if run.office_notified:
                self.stdout.write(f"Summary sent to {settings.OCOP_OFFICE_EMAIL}.")
            else:
                self.stdout.write("OCOP_OFFICE_EMAIL is not set: no summary sent to the office.")
        if run.failed:
            raise SystemExit(1)
