#!/usr/bin/env bash
# Runs the suite in both modes. Full stack: real PostgreSQL, Redis, OpenSearch and a Celery worker process,
# started by scripts/services/up.sh (installed if missing). Embedded: SQLite, embedded index, eager tasks.
# Usage: scripts/run-tests.sh [full|embedded|all] [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"; shift || true
PY=.venv/bin/python

lint() {
  echo "== Lint and Django checks"
  .venv/bin/ruff format --check .
  .venv/bin/ruff check .
  echo "== Import layers (.importlinter)"
  .venv/bin/lint-imports --no-cache
  env -u DATABASE_URL -u CELERY_BROKER_URL -u OPENSEARCH_URL $PY manage.py check
  env -u DATABASE_URL -u CELERY_BROKER_URL -u OPENSEARCH_URL $PY manage.py makemigrations --check --dry-run >/dev/null \
    || { echo "Des migrations manquent : lancez 'python manage.py makemigrations'." >&2; exit 1; }
}

full() {
  echo "== Services (PostgreSQL, Redis, OpenSearch)"
  bash scripts/services/up.sh
  # shellcheck disable=SC1091
  source "${MAILLAGE_SERVICES_VAR:-var}/services.env"
  export MAILLAGE_TEST_MODE=full
  echo "== Full-stack pass"
  .venv/bin/pytest -p no:cacheprovider "$@"
}

embedded() {
  echo "== Embedded pass"
  env -u DATABASE_URL -u CELERY_BROKER_URL -u OPENSEARCH_URL MAILLAGE_TEST_MODE=embedded \
    .venv/bin/pytest -p no:cacheprovider "$@"
}

[ -f scripts/fetch-territories.sh ] && bash scripts/fetch-territories.sh >/dev/null
bash scripts/fetch-test-tools.sh >/dev/null
case "$mode" in
  full) full "$@" ;;
  embedded) embedded "$@" ;;
  all) lint; full "$@"; embedded "$@" ;;
  *) echo "usage: $0 [full|embedded|all] [pytest args]" >&2; exit 2 ;;
esac
