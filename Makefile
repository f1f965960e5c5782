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
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Development and tests: runtime plus tooling (requirements-dev.txt holds both, with hashes).
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Production serving: runtime packages only.
$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

# `make serve`'s demo site: runtime plus the factories the demo loaders build with (no test tooling).
$(VENV)/.installed-demo: requirements.txt requirements-demo.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements-demo.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned runtime and development requirements

install-runtime: $(VENV)/.installed-runtime ## Create .venv and install the pinned runtime requirements only

requirements: ## Re-pin requirements.txt, requirements-demo.txt and requirements-dev.txt (with hashes) from the .in files
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-demo.txt requirements-demo.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

makemessages: install ## Update locale/es/LC_MESSAGES/django.po from the templates and code (needs GNU gettext)
	$(PY) manage.py makemessages --locale es --ignore ".venv/*" --ignore "bench/*" --ignore "tests/*" --no-location

compilemessages: install ## Compile the .po files into the .mo files Django reads (commit both)
	$(PY) manage.py compilemessages --locale es --ignore ".venv/*"

run: install ## Migrate, load demo content, create the editor and serve on http://127.0.0.1:8000 (PORT=… to change)
	@$(PYTHON) scripts/check-port $(HOST) $(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py sync_site --url http://$(HOST):$(PORT)
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
	$(VENV)/bin/ruff format --check .
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

serve: install-runtime $(VENV)/.installed-demo ## Production settings under gunicorn on http://127.0.0.1:8000 (starts PostgreSQL/Redis if unset)
	SERVE_HOST=$(HOST) SERVE_PORT=$(PORT) PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/serve

lighthouse: ## Lighthouse 12 (mobile, desktop) on every public page type of a running `make serve`; prints the score table
	LIGHTHOUSE_BASE=http://$(HOST):$(PORT) scripts/lighthouse

screenshots: install ## Screenshots of home, article, locator with map and topic (desktop, phone) from a running `make serve` into docs/screenshots/
	$(PY) scripts/screenshots.py http://$(HOST):$(PORT)

bench: install ## Load-test the production server with wrk and print the ratio table (bench/README.md)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bench/run

chaos: install ## Outages against make serve (Redis, PostgreSQL, kill -9 of the worker) and the result table (README)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(PY) bench/chaos.py $(CHAOS_ARGS)

.PHONY: help install install-runtime requirements run lint format test chromium audit test-browser serve bench chaos lighthouse screenshots
