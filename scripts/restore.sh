#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into an EMPTY database, all or nothing.
#
#   scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL
#
# Create the target first (createdb -O ocop ocop_restored). The dump re-creates the unaccent and
# pg_trgm extensions: on PostgreSQL 13+ both are "trusted", so the database owner may do that;
# on older servers, or if CREATE on the database is not granted, have a superuser run
# `CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;` in the target first.
# To replace a live database: restore into a new one, check it, then point DATABASE_URL at it.
set -euo pipefail

dump="${1:?usage: scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL}"
url="${2:?usage: scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL}"

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore.sh: the target database already has $tables tables; restore into an empty one." >&2
    exit 1
fi

# Skip COMMENT ON EXTENSION: only the extension's owner may set it, and when a superuser created
# the extensions beforehand that is not us (the comment is the extension's stock description).
contents=$(mktemp)
trap 'rm -f "$contents"' EXIT
pg_restore --list "$dump" | grep -v ' COMMENT - EXTENSION ' >"$contents"

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --use-list="$contents" \
    --dbname="$url" "$dump"
echo "restored $dump"
