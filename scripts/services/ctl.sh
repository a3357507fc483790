#!/usr/bin/env bash
# Control the local services one by one (used by fault-injection tests and
# by developers). Does not install system packages: up.sh does that.
#
# Usage: scripts/services/ctl.sh ACTION [SERVICE...]
#   ACTION   start    start if not running, then wait until healthy (idempotent)
#            stop     clean stop (idempotent)
#            restart  stop then start
#            status   one line per service; exit 1 if any is not healthy
#            kill     SIGKILL, to simulate a crash
#            pause    SIGSTOP, to simulate a hung server (redis, opensearch)
#            resume   SIGCONT after pause (start also resumes a paused server)
#   SERVICE  postgres | redis | opensearch | all (default: all)
#
# Examples:
#   scripts/services/ctl.sh stop opensearch
#   scripts/services/ctl.sh start opensearch redis
#   OPENSEARCH_NODES=3 scripts/services/ctl.sh restart opensearch
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

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

(( $# >= 1 )) || usage
action="$1"; shift
services=("$@")
if (( ${#services[@]} == 0 )) || [[ " ${services[*]} " == *" all "* ]]; then
  services=(postgres redis opensearch)
fi

# Map a service name to its function prefix.
prefix() {
  case "$1" in
    postgres|postgresql|pg) echo pg ;;
    redis) echo redis ;;
    opensearch|os|search) echo os ;;
    *) die "unknown service '$1' (postgres, redis, opensearch, all)" ;;
  esac
}
for s in "${services[@]}"; do prefix "$s" >/dev/null; done

[[ "$(id -u)" == 0 ]] || die "must run as root (the postgres cluster runs as user postgres)"

case "$action" in
  start|stop|restart|kill|pause|resume) take_lock ;;
  status) ;;
  -h|--help|help) usage ;;
  *) die "unknown action '$action' (start, stop, restart, status, kill, pause, resume)" ;;
esac

rc=0
for s in "${services[@]}"; do
  p="$(prefix "$s")"
  case "$action" in
    start)   "${p}_start" ;;
    stop)    "${p}_stop" ;;
    restart) "${p}_stop"; "${p}_start" ;;
    kill)    "${p}_kill" ;;
    status)  "${p}_status" || rc=1 ;;
    pause|resume)
      [[ "$p" != pg ]] || die "$action is not supported for postgres (use stop/kill)"
      "${p}_${action}" ;;
  esac
done
exit "$rc"
