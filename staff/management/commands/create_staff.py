import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.roles import ROLES_BY_SLUG, sync_roles

PASSWORD_ENV = "STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff login with one or more roles (not a superuser). The password is asked "
        f"twice, or read from the {PASSWORD_ENV} environment variable (scripts, --no-input)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", action="append", required=True, choices=sorted(ROLES_BY_SLUG),
                            help="repeat for several roles")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", dest="interactive", action="store_false",
                            help=f"never prompt: the password must be in {PASSWORD_ENV}")

    def handle(self, *args, username, role, email, interactive, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("The username cannot be empty.")
        if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(f"A user named {username!r} already exists; change its groups in the admin.")
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        password = self.get_password(user, interactive)

        roles = [ROLES_BY_SLUG[slug] for slug in dict.fromkeys(role)]
        with transaction.atomic():
            sync_roles()  # the groups exist and are exact, even on a database migrated long ago
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=[r.name for r in roles]))
        self.stdout.write(self.style.SUCCESS(
            f"Created staff user {username!r}: {', '.join(r.name for r in roles)}."))

    def get_password(self, user, interactive):
        password = os.environ.get(PASSWORD_ENV)
        if password is not None:
            self.validate(password, user)
            return password
        if not interactive:
            raise CommandError(f"Set {PASSWORD_ENV} or run interactively to enter the password.")
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            try:
                self.validate(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    def validate(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
