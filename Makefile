# Kalem: `make demo` to try it, `make test` to check it. Nothing but the package index
# is needed from the internet.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-kalem
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv messages migrate demo serve test lint format bench clean system-deps

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# --no-compile: Python compiles the modules it imports on first use; compiling all of
	# every package up front took a third of the install (25 s of 67 on two cores).
	$(PY) -m pip install --quiet --no-compile -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

# Debian packages Kalem runs: ffmpeg (ffprobe reads video uploads, ffmpeg makes posters
# and the site's MP4) and poppler's pdftoppm (publication covers). Installed with apt-get
# when missing, like chromium in .ci/run.
system-deps:
	@command -v ffmpeg >/dev/null || (apt-get update && apt-get install -y ffmpeg) \
		|| (echo "Kalem needs ffmpeg: apt-get install ffmpeg" && exit 1)
	@command -v pdftoppm >/dev/null || apt-get install -y poppler-utils \
		|| (echo "Kalem needs pdftoppm: apt-get install poppler-utils" && exit 1)

messages: venv
	$(PY) manage.py compilemessages --ignore=$(VENV) --verbosity 0

migrate: venv messages system-deps
	$(PY) manage.py migrate --noinput

demo: migrate system-deps
	$(PY) manage.py setup_roles
	$(PY) manage.py load_demo
	@$(MAKE) --no-print-directory serve

# The site and, beside it, the background worker (photo processing, e-mails, report PDFs,
# album ZIPs); Ctrl-C stops both.
serve: venv system-deps
	$(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Runs on the database named by DATABASE_URL (PostgreSQL in CI), SQLite otherwise.
# KALEM_TEST_NOW=2028-12-31T23:30 runs every test at that Istanbul time (tests/conftest.py).
# With REDIS_TEST_URL (e.g. redis://127.0.0.1:6379/15, a database of its own), the
# tests of the cache, publishing and listings run again on Redis.
# The transactional tests (they empty the database) run last, in a run of their own, so
# that no other test meets an emptied database; each of them restores the migrations'
# data first (serialized_rollback). Test databases are copies of one migrated template
# (tests/testdb.py): the first run copies a fresh one per worker and keeps it, the Redis
# run and the transactional run reuse them (on SQLite each run copies the template into
# memory).
# MARK narrows the runs, e.g. MARK="not browser".
REDIS_TESTS := tests/test_cache.py tests/test_listing_block.py tests/test_press_workflow.py
test: lint messages system-deps
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto --dist loadfile --create-db --reuse-db --durations=10 \
		-m "not flushes_db$(if $(MARK), and $(MARK))" $(PYTEST_ARGS)
	$(if $(REDIS_TEST_URL),REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -n auto --dist loadfile --reuse-db $(REDIS_TESTS))
	$(PY) -m pytest -q -n auto --reuse-db --durations=5 -m "flushes_db$(if $(MARK), and $(MARK))" \
		$(PYTEST_ARGS) || test $$? -eq 5  # 5: PYTEST_ARGS selected no transactional test

bench: messages system-deps
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) static_collected .pytest_cache .ruff_cache

# --- Production stack on loopback (deploy/stack.sh): nginx, Varnish, HAProxy, two app
# servers, the worker, Redis, an S3 server; PostgreSQL is the local server.
.PHONY: stack stack-stop stack-test bench-stack
# (No venv prerequisite: the stack runs from an installed checkout and compiles the
# messages itself.)
stack:
	bash deploy/stack.sh start

stack-stop:
	bash deploy/stack.sh stop

# Start, requests through Varnish, a purge, a backup restored and verified, stop (~2 min).
stack-test:
	bash deploy/stack_test.sh

# Load and faults through the whole stack (bounded: a few minutes); prints the table.
bench-stack:
	$(PY) bench/stack.py
