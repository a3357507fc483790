#!/usr/bin/env bash
# Stop every service started by up.sh (data under var/ is kept).
# To start from scratch: scripts/services/down.sh && rm -rf var/postgres var/redis var/opensearch/cluster
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# The warm LibreOffice that extraction starts on first need (extraction/office_server.py).
if [[ -x "$root/.venv/bin/python" ]]; then
  (cd "$root" && .venv/bin/python -c "from extraction import office_server; office_server.stop()") || true
fi
exec "$here/ctl.sh" stop opensearch redis postgres
