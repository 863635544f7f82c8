# DevZone: `make demo` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-guard install migrate test test-unit test-api test-browser lint format messages bench clean

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

# A module's tests go to one worker (--dist loadfile): its world, and the demo of
# the generated permission matrix, are built once per module, not once per worker.
test-unit: install
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser and not apifuzz" $(PYTEST_ARGS)

# Schemathesis over every operation of the API schema, as an anonymous caller, an
# enterprise user and a zone admin, on a throw-away SQLite database; APIFUZZ_EXAMPLES
# examples per operation (default 5).
test-api: install
	$(BIN)/pytest -p no:xdist -s -m apifuzz $(PYTEST_ARGS) devzone/core/tests/test_api_fuzz.py

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
bench: install
	$(BIN)/python scripts/ensure_database.py "$(BENCH_DATABASE_URL)" $(if $(BENCH_FRESH),--fresh)
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py run_benchmarks \
		--zones $(BENCH_ZONES) --months $(BENCH_MONTHS) --runs $(BENCH_RUNS) --output $(BENCH_OUTPUT)
