#!/usr/bin/env bash
# The production stack on this machine (`make serve`): DEBUG off, static files
# collected, SERVE_APP_SERVERS gunicorn instances, a Celery worker and beat, on
# PostgreSQL and Redis. Each app server listens on its own port (SERVE_PORT+1,
# +2, …) and all of them on SERVE_PORT, the one address (SO_REUSEPORT: the
# kernel spreads connections over them). Ctrl-C, SIGTERM or any process dying
# stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

SERVE_DATABASE_URL=${SERVE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/devzone_serve}
SERVE_REDIS_URL=${SERVE_REDIS_URL:-redis://127.0.0.1:6379/5}
SERVE_HOST=${SERVE_HOST:-127.0.0.1}
SERVE_PORT=${SERVE_PORT:-8300}
SERVE_APP_SERVERS=${SERVE_APP_SERVERS:-2}
SERVE_WEB_WORKERS=${SERVE_WEB_WORKERS:-2}
SERVE_RUN_DIR=${SERVE_RUN_DIR:-var/serve}
# SERVE_FRESH=1 drops the database and the run directory first (the smoke test).
SERVE_FRESH=${SERVE_FRESH:-}
# SERVE_DATA=demo loads the demo data (its users and zones; `make demo`'s
# logins); world: the tests' small world (devzone.testing, into an empty
# database only; the smoke test); none: nothing.
SERVE_DATA=${SERVE_DATA:-demo}

if [ -n "$SERVE_FRESH" ]; then rm -rf "$SERVE_RUN_DIR"; fi
mkdir -p "$SERVE_RUN_DIR/media" "$SERVE_RUN_DIR/log" "$SERVE_RUN_DIR/metrics"
rm -f "$SERVE_RUN_DIR"/metrics/*.db
RUN_DIR=$(cd "$SERVE_RUN_DIR" && pwd)

# One key for all app servers, kept with the run: a session signed by one is
# valid on the others and across restarts.
if [ -z "${SECRET_KEY:-}" ]; then
  test -s "$RUN_DIR/secret_key" || $BIN/python -c \
    "import secrets; print(secrets.token_urlsafe(50))" >"$RUN_DIR/secret_key"
  SECRET_KEY=$(cat "$RUN_DIR/secret_key")
fi
export SECRET_KEY DEBUG=false DATABASE_URL="$SERVE_DATABASE_URL" REDIS_URL="$SERVE_REDIS_URL"
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export MEDIA_ROOT="$RUN_DIR/media" LOG_FORMAT=${LOG_FORMAT:-json} LOG_LEVEL=${LOG_LEVEL:-INFO}
export PROMETHEUS_MULTIPROC_DIR="$RUN_DIR/metrics"
# No HTTPS proxy on this machine: it would redirect to https. Clients send
# X-Forwarded-Proto: https as the proxy does (the smoke test, the load scenarios).
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}

$BIN/python scripts/ensure_database.py "$DATABASE_URL" $([ -n "$SERVE_FRESH" ] && echo --fresh)
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
case "$SERVE_DATA" in
  demo) $BIN/python manage.py load_demo >/dev/null ;;
  world) $BIN/python manage.py shell -v 0 -c "from devzone.testing import make_world; make_world()" ;;
esac

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

for n in $(seq "$SERVE_APP_SERVERS"); do
  port=$((SERVE_PORT + n))
  $BIN/gunicorn devzone.wsgi --config scripts/gunicorn.conf.py \
    --bind "$SERVE_HOST:$port" --bind "$SERVE_HOST:$SERVE_PORT" --reuse-port \
    --workers "$SERVE_WEB_WORKERS" --name "devzone-app$n" --no-control-socket \
    >>"$RUN_DIR/log/app$n.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN_DIR/app$n.pid"
done
$BIN/celery -A devzone worker --concurrency 1 --hostname "devzone-worker@%h" --loglevel INFO \
  >>"$RUN_DIR/log/worker.log" 2>&1 &
pids+=($!)
echo $! >"$RUN_DIR/worker.pid"
$BIN/celery -A devzone beat --schedule "$RUN_DIR/celerybeat-schedule" --loglevel INFO \
  >>"$RUN_DIR/log/beat.log" 2>&1 &
pids+=($!)
echo $! >"$RUN_DIR/beat.pid"
echo "$$" >"$RUN_DIR/serve.pid"

echo "DevZone (production settings) at http://$SERVE_HOST:$SERVE_PORT/ : app servers on ports" \
  "$(seq -s ' ' $((SERVE_PORT + 1)) $((SERVE_PORT + SERVE_APP_SERVERS))), worker, beat;" \
  "logs in $RUN_DIR/log (Ctrl-C stops them all)"
# Whichever process ends first ends the stack: a half-running one would hide it.
wait -n "${pids[@]}" || true
echo "a process of the stack stopped: stopping the others" >&2
exit 1
