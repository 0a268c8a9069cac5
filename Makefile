# Kalem: `make demo` to try it, `make test` to check it. Nothing but the package index
# is needed from the internet.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-kalem
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv messages migrate demo serve test lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

messages: venv
	$(PY) manage.py compilemessages --ignore=$(VENV) --verbosity 0

migrate: venv messages
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py setup_roles
	$(PY) manage.py load_demo
	@$(MAKE) --no-print-directory serve

# The site and, beside it, the background worker (photo processing, e-mails, report PDFs,
# album ZIPs); Ctrl-C stops both.
serve: venv
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
test: lint messages
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

bench: messages
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) static_collected .pytest_cache .ruff_cache
