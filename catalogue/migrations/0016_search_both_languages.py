"""The search text holds the producers' and villages' names and descriptions in both languages
(it held the language active when a product was saved): refill it and the vocabulary."""

import importlib

from django.db import migrations

search_words_migration = importlib.import_module("catalogue.migrations.0015_search_words")


def refill_search_columns(apps, schema_editor):
    apps.get_model("catalogue", "SearchWord").objects.all().delete()
    search_words_migration.fill_search_columns(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0015_search_words"),
    ]

    operations = [
        migrations.RunPython(refill_search_columns, migrations.RunPython.noop, elidable=True),
    ]
