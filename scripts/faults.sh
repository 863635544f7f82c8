#!/usr/bin/env bash
# `make faults`: the production stack on a PostgreSQL cluster and a Redis of
# its own (so that stopping them disturbs nothing else on the machine), then
# scripts/faults.py breaks them one at a time: the Celery worker killed with
# SIGKILL in the middle of an import, PostgreSQL stopped and started during
# requests, Redis stopped during requests and a job started meanwhile. Stops
# everything, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

run=var/faults
pg_port=${FAULTS_PG_PORT:-8390}
redis_port=${FAULTS_REDIS_PORT:-8391}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
rm -rf "$run"
mkdir -p "$run/pg" "$run/redis"
chown postgres "$run/pg"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

as_postgres "$pg_bin/initdb" -D "$run/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" -l "$run/pg/log" -w \
  -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$run/redis" >"$run/redis/log" 2>&1 &
echo $! >"$run/redis/pid"

export SERVE_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/devzone_faults"
export SERVE_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export SERVE_PORT=${FAULTS_PORT:-8385} SERVE_RUN_DIR="$run/stack" SERVE_FRESH=1 SERVE_DATA=world
export SERVE_APP_SERVERS=2 SERVE_WEB_WORKERS=1 BACKGROUND_ROWS_THRESHOLD=5
export SMOKE_USERNAME=zstaff SMOKE_PASSWORD=test-pass-1234
export FAULTS_PG_CTL="$pg_bin/pg_ctl" FAULTS_PG_DATA="$run/pg/data" FAULTS_PG_PORT=$pg_port
export FAULTS_REDIS_PORT=$redis_port FAULTS_RUN="$run"

scripts/serve.sh &
serve=$!
cleanup() {
  status=$?
  kill -TERM "$serve" 2>/dev/null || true
  wait "$serve" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" -m immediate stop >/dev/null 2>&1 || true
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

.venv/bin/python scripts/faults.py "http://127.0.0.1:$((SERVE_PORT + 1))" \
  "http://127.0.0.1:$((SERVE_PORT + 2))"
