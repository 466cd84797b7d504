"""Let viewers read the search vocabulary (catalogue 0015), as staff/roles.py says; post_migrate
would too, this makes the order explicit on a fresh database."""

import importlib

from django.db import migrations

roles_migration = importlib.import_module("staff.migrations.0001_roles")


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0004_village_other_names"),
        ("catalogue", "0015_search_words"),
    ]

    operations = [
        migrations.RunPython(roles_migration.create_roles, migrations.RunPython.noop),
    ]
