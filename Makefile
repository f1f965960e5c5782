# komensite: every task starts here. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install pinned requirements

run: install ## Migrate, load demo content, create the editor and serve on http://127.0.0.1:8000 (PORT=… to change)
	@$(PYTHON) scripts/check-port $(HOST) $(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_editor
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install ## Ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install chromium audit ## Lint, audit, checks and the whole suite (browser tests included) on a throw-away PostgreSQL
	$(VENV)/bin/ruff check .
	@# `make run`'s path: migrations and demo content on a fresh SQLite file (twice: idempotent).
	tmp=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$tmp/dev.sqlite3 DJANGO_SETTINGS_MODULE=komensite.settings.dev \
	  && $(PY) manage.py migrate --noinput -v0 && $(PY) manage.py load_demo_content >/dev/null \
	  && $(PY) manage.py load_demo_content >/dev/null && rm -rf $$tmp
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/with-postgres scripts/with-redis bash -c '\
	  set -e; export DJANGO_SETTINGS_MODULE=komensite.settings.test; \
	  python manage.py check --fail-level WARNING; \
	  python manage.py makemigrations --check --dry-run >/dev/null; \
	  python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)'

chromium: ## Install Debian's Chromium for the browser tests, when missing
	scripts/install-chromium

audit: install ## Check the pinned dependencies for known vulnerabilities (pip-audit)
	$(PY) scripts/audit-deps

test-browser: install chromium ## Only the browser tests: journeys, axe and keyboard checks in Chromium
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/with-postgres bash -c '\
	  set -e; export DJANGO_SETTINGS_MODULE=komensite.settings.test; \
	  python -m pytest -n $(PYTEST_WORKERS) -m browser tests/browser $(PYTEST_ARGS)'

serve: install ## Production settings under gunicorn on http://127.0.0.1:8000 (starts PostgreSQL/Redis if unset)
	SERVE_HOST=$(HOST) SERVE_PORT=$(PORT) PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/serve

bench: install ## Load-test the production server with wrk and print the ratio table (bench/README.md)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bench/run

.PHONY: help install run lint format test chromium audit test-browser serve bench
