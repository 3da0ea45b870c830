#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: a database dump into the database given, and the
# stored files archived with it into PRIVATE_MEDIA_ROOT.
#
#   scripts/restore.sh [--yes] [--database URL] [--files ARCHIVE | --no-files] DUMP
#
# DUMP is a db-<time>.dump; its files are the files-<time>.tar.gz beside it unless --files
# names another archive (or --no-files leaves the stored files alone). The database is
# DATABASE_URL unless --database names another. A database that has tables, or a files folder
# that has files, is replaced only with --yes: without it the restore stops and changes
# nothing. Stop the web, worker and beat processes first.
set -euo pipefail

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

confirmed=no
database="${DATABASE_URL:-}"
files=""
with_files=yes
dump=""
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) confirmed=yes ;;
    --database) database="${2:?--database needs an address}"; shift ;;
    --files) files="${2:?--files needs an archive}"; shift ;;
    --no-files) with_files=no ;;
    -h | --help) usage ;;
    -*) echo "Unknown option: $1" >&2; usage ;;
    *) [ -z "$dump" ] || usage; dump="$1" ;;
  esac
  shift
done
[ -n "$dump" ] || usage
[ -n "$database" ] || { echo "No database: set DATABASE_URL or give --database" >&2; exit 2; }
case "$database" in
  postgres://* | postgresql://*) ;;
  psql://* | pgsql://*) database="postgresql://${database#*://}" ;;
  *) echo "The database is not a PostgreSQL address" >&2; exit 2 ;;
esac
media="${PRIVATE_MEDIA_ROOT:-private_media}"

[ -f "$dump" ] || { echo "No such dump: $dump" >&2; exit 2; }
pg_restore --list "$dump" >/dev/null || { echo "$dump is not a pg_dump archive" >&2; exit 2; }
if [ "$with_files" = yes ] && [ -z "$files" ]; then
  name="$(basename "$dump")"
  stamp="${name#db-}"
  files="$(dirname "$dump")/files-${stamp%.dump}.tar.gz"
fi
if [ "$with_files" = yes ]; then
  [ -f "$files" ] || { echo "No files archive $files (give --files, or --no-files)" >&2; exit 2; }
  tar --list --gzip --file="$files" >/dev/null
fi

tables="$(psql "$database" --no-psqlrc --tuples-only --no-align --quiet --command \
  "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")"
if [ "$tables" != 0 ] && [ "$confirmed" != yes ]; then
  echo "The database has $tables tables: nothing was changed. Give --yes to replace them." >&2
  exit 3
fi
if [ "$with_files" = yes ] && [ -d "$media" ] && [ -n "$(find "$media" -mindepth 1 -print -quit)" ] \
  && [ "$confirmed" != yes ]; then
  echo "$media has files: nothing was changed. Give --yes to replace them." >&2
  exit 3
fi

# One transaction: a restore that fails part way leaves the database as it was.
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$database" "$dump"
echo "Restored the database from $dump"

if [ "$with_files" = yes ]; then
  mkdir -p "$media"
  # The folder may be a mounted volume, which cannot be replaced: its contents are.
  find "$media" -mindepth 1 -delete
  tar --extract --gzip --file="$files" --directory="$media" --no-same-owner
  echo "Restored the stored files into $media from $files"
fi
