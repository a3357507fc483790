#!/usr/bin/env bash
# Install (if needed) and start every service the test-suite needs:
#   PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379, OpenSearch 127.0.0.1:9200.
# Idempotent: when everything is already up, it only checks health (fast).
# On success writes var/services.env (source it to get the URLs);
# exits non-zero with a message and the log tail if a service fails.
#
# Environment: OPENSEARCH_NODES (default 1), OPENSEARCH_HEAP,
#              OPENSEARCH_START_TIMEOUT (see opensearch.sh),
#              SKIP_SYSTEM_INSTALL=1 to skip the Debian package check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=postgres.sh
source "$here/postgres.sh"
# shellcheck source=redis.sh
source "$here/redis.sh"
# shellcheck source=opensearch.sh
source "$here/opensearch.sh"

[[ "$(id -u)" == 0 ]] || die "must run as root"
t_all="$(now_ms)"

if [[ "${SKIP_SYSTEM_INSTALL:-0}" != 1 ]]; then
  "$here/install-system.sh"
fi

take_lock

# OpenSearch is the slowest: launch its JVM first, start the others while
# it boots, then wait for its health.
os_spawn
pg_start
redis_start
os_wait

cat > "$VAR/services.env" <<EOF
# Written by scripts/services/up.sh
export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB
export CELERY_BROKER_URL=redis://$REDIS_HOST:$REDIS_PORT/0
export OPENSEARCH_URL=$OS_URL
EOF

log "all services up in $(since "$t_all"); environment: source $VAR/services.env"
