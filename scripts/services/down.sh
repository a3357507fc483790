#!/usr/bin/env bash
# Stop every service started by up.sh (data under var/ is kept).
# To start from scratch: scripts/services/down.sh && rm -rf var/postgres var/redis var/opensearch/cluster
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ctl.sh" stop opensearch redis postgres
