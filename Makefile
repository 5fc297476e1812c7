# 区报 newsroom CMS. Quick start: `make run`, then `make test`.
# Debian's python3.11 when it is there with venv: built with profile-guided optimisation, it runs the importer
# and the pages faster than a plain source build such as pyenv's default (README); python3 otherwise.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null && echo /usr/bin/python3.11 || echo python3)
endif
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run demo test system-deps test-sqlite test-postgres fuzz lint check bench clean serve loadtest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The SQLite and PostgreSQL runs side by side (two cores: about the time of the longer one instead of both);
# each run's output is printed whole when it ends.
test: system-deps install
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# chromium, a CJK font and PostgreSQL 15 from Debian, as CI installs them (apt-get, when run as root).
system-deps:
	@scripts/system-deps

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider

test-postgres: install
	@echo "== tests on PostgreSQL 15 =="
	@if [ -x "$${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ] || [ "$$(id -u)" = 0 ]; then \
	  scripts/with-postgres $(BIN)/pytest -q -p no:cacheprovider; \
	else echo "SKIPPED the PostgreSQL run: PostgreSQL 15 is not installed (apt-get install postgresql-15, or set PGBIN)"; fi

# The property tests with fresh examples (many more than CI's fixed ones): what fails here becomes an @example.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider tests/articles/ocr/test_properties.py

lint: install
	$(BIN)/ruff check .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	$(BIN)/python bench/import_bench.py --json bench/out/import.json
	$(BIN)/python bench/ocr_eval.py --repeat 3 --json bench/out/ocr_eval.json
	$(BIN)/python bench/parse_known.py
	env -u DATABASE_URL $(BIN)/python bench/epaper_bench.py --json bench/out/epaper.json --md bench/out/epaper.md
	NEWSROOM_BENCH=1 env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider -m bench tests/articles/test_scan_import.py
	env -u DATABASE_URL $(BIN)/python bench/site_bench.py --json bench/out/site-sqlite.json
	scripts/with-postgres $(BIN)/python bench/site_bench.py --json bench/out/site-postgres.json

# Production: collectstatic, migrate, then gunicorn + WhiteNoise (settings from the environment, docs/deploy.md),
# and beside it the worker that imports the PDFs and scans uploaded in the admin (run_import_jobs: it waits for
# the migration, and finishes the job in hand when stopped).
serve: install
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(BIN)/python manage.py run_import_jobs & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	scripts/serve

# wrk (1 thread × 16 connections, DURATION=20 s a page) against gunicorn with 2 sync workers on a throwaway
# PostgreSQL, corpora of SIZES="10000 100000" articles (dumps kept in var/bench/), caches on then off, every
# reader page (PAGES) beside the trivial view: one table of requests/s and targets, also in
# bench/out/loadtest.{md,json}. Fails on any request error, not on a target missed. Smoke: SIZES=1000 DURATION=2.
# scripts/loadtest.sh http://host:port: only wrk, against a server already running. CPU=1: the CPU per request
# of the app and of PostgreSQL instead of wrk (bench/out/cpu.{md,json}).
loadtest: install
	scripts/loadtest.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
