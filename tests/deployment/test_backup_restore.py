"""scripts/backup.sh and scripts/restore.sh against the real PostgreSQL test database: the dump
restores into a fresh database, owned by an ordinary (non-superuser) role, with every row, the
extensions, the accent-free search function and the trigram indexes."""

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are of the PostgreSQL database"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump/pg_restore/psql are not installed"),
]

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


def database_url(name: str, user: str | None = None) -> str:
    db = connection.settings_dict
    user = user or db["USER"]
    auth = quote(user, safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] and user == db["USER"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def psql(url: str, sql: str) -> str:
    done = subprocess.run(["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--quiet",
                           "--set=ON_ERROR_STOP=1", "--dbname", url, "--command", sql],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def row_counts(url: str) -> dict[str, int]:
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM public.{t}" for t in tables)
    return {name: int(n) for name, n in (line.split("|") for line in psql(url, union).splitlines())}


@pytest.fixture
def scratch_database():
    """An empty database owned by a role that is not a superuser, dropped afterwards."""
    source = database_url(connection.settings_dict["NAME"])
    name = f"{connection.settings_dict['NAME']}_restore"
    role = f"{connection.settings_dict['NAME']}_restorer"
    cleanup = f'DROP DATABASE IF EXISTS "{name}"', f'DROP ROLE IF EXISTS "{role}"'
    maintenance = database_url("postgres")
    for sql in cleanup:
        psql(maintenance, sql)
    psql(maintenance, f'CREATE ROLE "{role}" LOGIN')
    psql(maintenance, f'CREATE DATABASE "{name}" OWNER "{role}"')
    yield source, database_url(name, user=role)
    for sql in cleanup:
        psql(maintenance, sql)


def test_a_backup_restores_completely_into_an_empty_database(tmp_path, scratch_database):
    source, target = scratch_database
    backup = subprocess.run([SCRIPTS / "backup.sh", source, tmp_path], capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.name.startswith("ocop-") and dump.suffix == ".dump" and dump.stat().st_size > 0

    restore = subprocess.run([SCRIPTS / "restore.sh", dump, target], capture_output=True, text=True, timeout=300)
    assert restore.returncode == 0, restore.stderr

    before, after = row_counts(source), row_counts(target)
    assert after == before
    assert before["catalogue_area"] == 126 and before["django_migrations"] > 10  # real content, not zeros

    # What search needs survives: the extensions, the IMMUTABLE wrapper and the trigram indexes.
    assert psql(target, "SELECT ocop_unaccent('Bát Tràng, Đông Anh')") == "Bat Trang, Dong Anh"
    assert float(psql(target, "SELECT similarity('gom bat trang', 'gom bat')")) > 0.5
    indexes = psql(target, "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_trgm' ORDER BY 1").split()
    assert indexes == ["producer_search_name_trgm", "product_search_name_trgm", "product_search_text_trgm",
                       "village_search_name_trgm"]

    # A second restore over the now-populated database is refused rather than mixing data.
    again = subprocess.run([SCRIPTS / "restore.sh", dump, target], capture_output=True, text=True, timeout=300)
    assert again.returncode != 0 and "restore into an empty one" in again.stderr
    assert row_counts(target) == before
