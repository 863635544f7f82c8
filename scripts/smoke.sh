#!/usr/bin/env bash
# `make smoke`: start the production stack (scripts/serve.sh) on a fresh
# database, run scripts/smoke.py against two of its app servers, stop it all,
# also when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

export SERVE_DATABASE_URL=${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/devzone_smoke}
export SERVE_REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/6}
export SERVE_PORT=${SMOKE_PORT:-8380}
export SERVE_RUN_DIR=var/smoke SERVE_FRESH=1 SERVE_DATA=world SERVE_APP_SERVERS=2 SERVE_WEB_WORKERS=1
# The small world's zone staff of 广灵 (devzone.testing.PASSWORD).
export SMOKE_USERNAME=zstaff SMOKE_PASSWORD=test-pass-1234
# Small jobs go to the worker too, so the smoke's import and export are background jobs.
export BACKGROUND_ROWS_THRESHOLD=5

started=$(date +%s)
rm -f var/smoke/serve.pid
scripts/serve.sh &
serve=$!
cleanup() {
  status=$?
  kill -TERM "$serve" 2>/dev/null || true
  wait "$serve" 2>/dev/null || true
  if [ $status != 0 ]; then
    echo "== smoke failed; the stack's last log lines:" >&2
    tail -n 20 var/smoke/log/*.log >&2 || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Migrations first: wait while the stack starts, fail at once if it stops.
until [ -s var/smoke/serve.pid ]; do
  kill -0 "$serve" 2>/dev/null || { echo "smoke FAILED: the stack did not start" >&2; exit 1; }
  sleep 1
done
echo "smoke: stack started after $(($(date +%s) - started)) s"
.venv/bin/python scripts/smoke.py "http://127.0.0.1:$((SERVE_PORT + 1))" "http://127.0.0.1:$((SERVE_PORT + 2))"
echo "smoke: $(($(date +%s) - started)) s in all"
