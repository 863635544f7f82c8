#!/usr/bin/env bash
# `make backup-check`: back up `make serve`'s database and media files, restore
# them into a fresh database (SERVE_DATABASE_URL with _restore appended) and a
# fresh directory; the restore compares every table and file with the backup.
set -euo pipefail
cd "$(dirname "$0")/.."
source_url=${SERVE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/devzone_serve}
target_url="${source_url}_restore"
run_dir=${SERVE_RUN_DIR:-var/serve}
work=$(mktemp -d /tmp/devzone-backup-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

.venv/bin/python scripts/ensure_database.py "$target_url" --fresh
DATABASE_URL="$source_url" MEDIA_ROOT="$run_dir/media" \
  .venv/bin/python manage.py backup "$work/backup"
du -sh "$work/backup"
DATABASE_URL="$source_url" .venv/bin/python manage.py restore "$work/backup" \
  --database-url "$target_url" --media-root "$work/media"
