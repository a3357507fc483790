# Maillage — two commands: `make run` (embedded default) and `make test` (everything, real services).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-full test-embedded services services-down lint bench territories

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $@

territories: install
	bash scripts/fetch-territories.sh
	$(PY) manage.py load_territories --region 76

# Embedded default: SQLite, embedded search index, tasks in-process. Nothing else to install.
# Serves visitors as production does (DEBUG off: the site's own 404 and 500 pages); `make run DEBUG=1` for Django's
# debug pages. The periodic jobs (scheduled publishing, alert digests…) run beside the server (run_scheduler).
run: export DEBUG ?= 0
run: install
	$(PY) manage.py migrate --noinput -v0
	@bash scripts/fetch-territories.sh >/dev/null 2>&1 && $(PY) manage.py load_territories --region 76 \
		|| echo "Référentiel des territoires non chargé (paquet npm indisponible) : le jeu minimal de la démo suffit."
	$(PY) manage.py load_demo
	$(PY) manage.py set_site_address --url http://$(HOST):$(PORT)
	$(PY) manage.py rebuild_search_index
	@echo ""
	@echo "  Site : http://$(HOST):$(PORT)/      Administration : http://$(HOST):$(PORT)/admin/"
	@echo ""
	@trap 'kill $$scheduler 2>/dev/null' EXIT; \
	$(PY) manage.py run_scheduler & scheduler=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

services:
	bash scripts/services/up.sh

services-down:
	bash scripts/services/down.sh

# The whole suite: full-stack pass (PostgreSQL, Redis, OpenSearch, a real Celery worker), then embedded pass.
test: install
	bash scripts/run-tests.sh

test-full: install
	bash scripts/run-tests.sh full

test-embedded: install
	bash scripts/run-tests.sh embedded

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) -m bench.extraction
