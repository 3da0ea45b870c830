#!/usr/bin/env bash
# Back up the database and the stored files, side by side, under one timestamp:
#   $BACKUP_DIR/db-<UTC time>.dump        pg_dump's custom format (pg_restore reads it)
#   $BACKUP_DIR/files-<UTC time>.tar.gz   everything under PRIVATE_MEDIA_ROOT
# and keep the newest BACKUP_KEEP (default 14) of each, deleting older ones.
#
# Reads DATABASE_URL (PostgreSQL), BACKUP_DIR (default ./backups), BACKUP_KEEP and
# PRIVATE_MEDIA_ROOT (default ./private_media). Each file is written under a temporary name
# and renamed when complete, so a backup cut short never looks like a good one.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-private_media}"

case "$BACKUP_KEEP" in
  '' | *[!0-9]* | 0) echo "BACKUP_KEEP must be a whole number above 0, not '$BACKUP_KEEP'" >&2; exit 2 ;;
esac

# libpq reads postgres:// and postgresql:// addresses; Django's other spellings are the same.
database="$DATABASE_URL"
case "$database" in
  postgres://* | postgresql://*) ;;
  psql://* | pgsql://*) database="postgresql://${database#*://}" ;;
  *) echo "DATABASE_URL is not a PostgreSQL address: only PostgreSQL is backed up" >&2; exit 2 ;;
esac

mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="$BACKUP_DIR/db-$stamp.dump"
files="$BACKUP_DIR/files-$stamp.tar.gz"
trap 'rm -f "$dump.partial" "$files.partial"' EXIT

# The database first: a file made while the files are archived is only an extra file, never
# a row without its file.
pg_dump --format=custom --dbname="$database" --file="$dump.partial"
mv "$dump.partial" "$dump"

if [ -d "$PRIVATE_MEDIA_ROOT" ]; then
  tar --create --gzip --file="$files.partial" --directory="$PRIVATE_MEDIA_ROOT" .
else
  # No stored file yet: an empty archive, so every dump has its pair.
  tar --create --gzip --file="$files.partial" --files-from=/dev/null
fi
mv "$files.partial" "$files"

# Keep the newest BACKUP_KEEP of each kind; the names sort by their time.
prune() {
  find "$BACKUP_DIR" -maxdepth 1 -type f -name "$1" -printf '%f\n' \
    | sort -r | tail -n "+$((BACKUP_KEEP + 1))" \
    | while read -r old; do rm -f -- "$BACKUP_DIR/$old"; done
}
prune 'db-*.dump'
prune 'files-*.tar.gz'

echo "Backed up to $dump and $files"
