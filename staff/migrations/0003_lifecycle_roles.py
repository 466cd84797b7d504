"""Give the roles their rights on the post-inspection and reminder models (staff/roles.py), on a fresh
database too, where permissions do not exist until this point (see 0001_roles)."""

import importlib

from django.db import migrations

roles_0001 = importlib.import_module("staff.migrations.0001_roles")


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0002_report_handling"),
        ("inspections", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(roles_0001.create_roles, migrations.RunPython.noop),
    ]
