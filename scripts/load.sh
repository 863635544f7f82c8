#!/usr/bin/env bash
# `make load`: the load scenarios of scripts/locustfile.py, one after another,
# against a running `make serve` (LOAD_HOST, default http://127.0.0.1:8300).
# LOAD_SCENARIOS (viewers staff public mixed), LOAD_USERS (simulated users per
# scenario), LOAD_DURATION (e.g. 60s). Results: var/load/<scenario>_stats.csv
# and the table locust prints. State the machine's load (uptime) beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${LOAD_HOST:-http://127.0.0.1:8300}
users=${LOAD_USERS:-20}
duration=${LOAD_DURATION:-60s}
database=${SERVE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/devzone_serve}
mkdir -p var/load

LOAD_NOTICE_CODES=$(.venv/bin/python -c "
import psycopg, sys
with psycopg.connect(sys.argv[1]) as conn:
    rows = conn.execute(
        'SELECT notice_code FROM projects_project WHERE notice_board ORDER BY id LIMIT 50'
    ).fetchall()
print(','.join(code for (code,) in rows))" "$database")
export LOAD_NOTICE_CODES

echo "== machine: $(uptime)"
for scenario in ${LOAD_SCENARIOS:-viewers staff public mixed}; do
  case $scenario in
    viewers) classes=RegionViewer ;;
    staff) classes=ZoneStaff ;;
    public) classes=Public ;;
    mixed) classes="RegionViewer ZoneStaff Public" ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  echo "== $scenario: $users users for $duration against $host"
  # shellcheck disable=SC2086
  .venv/bin/locust -f scripts/locustfile.py --headless --only-summary \
    -u "$users" -r "$users" -t "$duration" --host "$host" \
    --csv "var/load/$scenario" --exit-code-on-error 1 $classes
done
echo "== machine: $(uptime)"
