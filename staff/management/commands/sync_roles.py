from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

from staff.roles import UnknownModel, sync_roles


class Command(BaseCommand):
    help = ("Create the staff groups and set their permissions to exactly those in staff/roles.py "
            "(also done by every `migrate`).")

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        try:
            with transaction.atomic(using=database):
                report = sync_roles(using=database)
        except UnknownModel as error:
            raise CommandError(str(error)) from None
        for line in report:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Roles are up to date." if not report else "Roles synchronised."))
