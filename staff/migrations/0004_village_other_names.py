"""Give editors (and officers, to read) the craft villages' other names (catalogue 0012), as
staff/roles.py says; post_migrate would too, this makes the order explicit on a fresh database."""

import importlib

from django.db import migrations

roles_migration = importlib.import_module("staff.migrations.0001_roles")


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0003_lifecycle_roles"),
        ("catalogue", "0012_craft_village_aliases"),
    ]

    operations = [
        migrations.RunPython(roles_migration.create_roles, migrations.RunPython.noop),
    ]
