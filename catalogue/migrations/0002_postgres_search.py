"""PostgreSQL search: unaccent and pg_trgm, and trigram indexes on the accent-free columns.

On SQLite this migration does nothing; search there uses the same normalised columns with LIKE.
"""

from django.db import migrations

TRIGRAM_INDEXES = [
    ("catalogue_product", "search_text", "product_search_text_trgm"),
    ("catalogue_product", "search_name", "product_search_name_trgm"),
    ("catalogue_producer", "search_name", "producer_search_name_trgm"),
    ("catalogue_craftvillage", "search_name", "village_search_name_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # unaccent() is only STABLE; an IMMUTABLE wrapper lets it be used in indexes and
    # generated expressions (the standard workaround; the dictionary is pinned).
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION ocop_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, replace(replace($1, 'đ', 'd'), 'Đ', 'D')) $$
        """
    )
    for table, column, name in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS ocop_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
