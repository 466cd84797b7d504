#!/usr/bin/env bash
# Back up the OCOP database with pg_dump's custom format (-Fc: compressed, checked, restorable
# table by table or in parallel with pg_restore).
#
#   scripts/backup.sh [DATABASE_URL] [BACKUP_DIR]
#
# DATABASE_URL defaults to $DATABASE_URL (postgres://user:password@host:5432/name), BACKUP_DIR to
# $BACKUP_DIR or ./backups. Prints the path of the new file. Dumps older than $BACKUP_KEEP_DAYS
# days (default 30) in BACKUP_DIR are deleted after a successful backup.
# Media files are not in the database: back up the media bucket/volume separately.
set -euo pipefail

url="${1:-${DATABASE_URL:?pass a postgres:// URL or set DATABASE_URL}}"
dir="${2:-${BACKUP_DIR:-./backups}}"
keep_days="${BACKUP_KEEP_DAYS:-30}"

mkdir -p "$dir"
file="$dir/ocop-$(date -u +%Y%m%dT%H%M%SZ).dump"

# Owners and grants belong to the server the dump came from; the restore target has its own.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$file.partial" "$url"
# A dump that pg_restore cannot list is no backup: fail now, not on the day it is needed.
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"

find "$dir" -maxdepth 1 -name 'ocop-*.dump' -mtime +"$keep_days" -delete
echo "$file"
