"""Give certification officers the reports of suspicious labels (reports app), as staff/roles.py
says; post_migrate would too, this makes the order explicit on a fresh database."""

import importlib

from django.db import migrations

roles_migration = importlib.import_module("staff.migrations.0001_roles")


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0001_roles"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(roles_migration.create_roles, migrations.RunPython.noop),
    ]
