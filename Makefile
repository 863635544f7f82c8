# DevZone: `make demo` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-guard install migrate test test-unit test-api test-browser lint format messages bench clean \
	serve smoke backup-check faults load

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The demo listens on the loopback only (HOST=127.0.0.1): no one else reaches it.
# DEBUG (tracebacks on error pages) is off unless set, and refused off the loopback.
LOOPBACK := 127.0.0.1 localhost ::1
demo-guard:
ifeq ($(filter $(HOST),$(LOOPBACK)),)
	@case "$$(echo "$${DEBUG:-false}" | tr A-Z a-z)" in true|on|ok|y|yes|1) \
	  echo "Refusing DEBUG=$$DEBUG with HOST=$(HOST): tracebacks would reach the network." >&2; exit 1;; esac
endif

demo: demo-guard migrate
	$(BIN)/python manage.py load_demo
	@echo "DevZone runs at http://$(HOST):$(PORT)/$(if $(filter $(HOST),$(LOOPBACK)), (this machine only),) (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/mypy

# A module's tests go to one worker (--dist loadfile): its world, and the demo of
# the generated permission matrix, are built once per module, not once per worker.
test-unit: install
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser and not apifuzz" $(PYTEST_ARGS)

# Schemathesis over every operation of the API schema, as an anonymous caller, an
# enterprise user and a zone admin, on a throw-away SQLite database built by the
# migrations themselves (the other test runs build theirs from the models);
# APIFUZZ_EXAMPLES examples per operation (default 5).
test-api: install
	$(BIN)/pytest -p no:xdist -s -m apifuzz --migrations $(PYTEST_ARGS) devzone/core/tests/test_api_fuzz.py

# Browser tests drive Debian's Chromium (apt-get install chromium fonts-noto-cjk).
# Two workers: each takes one of the two demo walks (started first) while the
# other browser tests fill in around them.
test-browser: install
	$(BIN)/pytest -n 2 --dist loadgroup -m browser $(PYTEST_ARGS)

test: lint test-unit test-browser

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore=static --ignore=scripts --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Benchmarks on PostgreSQL at national size (override BENCH_ZONES / BENCH_MONTHS
# for a smaller run); figures go to docs/benchmarks.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/devzone_bench
BENCH_ZONES ?= 2700
BENCH_MONTHS ?= 120
BENCH_RUNS ?= 50
BENCH_OUTPUT ?= docs/benchmarks.md
# BENCH_FRESH=1 drops the benchmark database first (CI always does); otherwise its
# generated data is reused when it has the same size and was made under the same schema.
BENCH_FRESH ?=
# BENCH_TINY_APPS=1 generates each app's data at its TINY size (CI's small run).
BENCH_TINY_APPS ?=
bench: install
	$(BIN)/python scripts/ensure_database.py "$(BENCH_DATABASE_URL)" $(if $(BENCH_FRESH),--fresh)
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py run_benchmarks \
		--zones $(BENCH_ZONES) --months $(BENCH_MONTHS) --runs $(BENCH_RUNS) --output $(BENCH_OUTPUT) \
		$(if $(BENCH_TINY_APPS),--tiny-apps)

# The production stack on this machine (scripts/serve.sh): DEBUG off, static files
# collected, SERVE_APP_SERVERS gunicorn instances on ports SERVE_PORT+1… and all on
# SERVE_PORT (default 8300), a Celery worker and beat, on the PostgreSQL database
# SERVE_DATABASE_URL (default devzone_serve, with the demo data) and Redis
# SERVE_REDIS_URL (default DB 5). Ctrl-C stops it all.
serve: install
	scripts/serve.sh

# The stack on a fresh database (devzone_smoke, Redis DB 6, ports 8380-8382), then
# over HTTP: log in through one app server, import as a background job, export as
# one, follow and download them through the other (scripts/smoke.py); stops it all.
smoke: install
	scripts/smoke.sh

# A backup of `make serve`'s database and files restored into a fresh database
# (<name>_restore) and directory, every table and file compared (scripts/backup_check.sh).
backup-check: install
	scripts/backup_check.sh

# Faults, staged on a PostgreSQL cluster (port 8390) and a Redis (8391) of their own
# and a stack on ports 8385-8387 (scripts/faults.sh, scripts/faults.py): the Celery
# worker killed mid-import, PostgreSQL stopped and started during requests, Redis
# stopped. Results: docs/benchmarks.md ("Faults").
faults: install
	scripts/faults.sh

# Load scenarios per role (scripts/locustfile.py: region viewers on rankings and
# dashboards, zone staff on lists, the entry grid and the desk, the public on notice
# boards and the service form, then all together) against a running `make serve`:
# LOAD_USERS (20), LOAD_DURATION (60s), LOAD_SCENARIOS (viewers staff public mixed).
load: install
	scripts/load.sh
