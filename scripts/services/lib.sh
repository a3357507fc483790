# shellcheck shell=bash
# shellcheck disable=SC2034  # constants used by the files sourcing this one
# Common helpers for the local service scripts (sourced, never executed).
#
# Everything runtime lives under "$VAR" (= <project root>/var), which is
# git-ignored. The project root is computed from this file's location so the
# scripts work from any clone folder (CI uses a different one).

SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SERVICES_DIR/../.." && pwd)"
# MAILLAGE_SERVICES_VAR lets a second checkout share the services of another one (e.g. a local CI check).
VAR="${MAILLAGE_SERVICES_VAR:-$ROOT/var}"
LOG_DIR="$VAR/log"
RUN_DIR="$VAR/run"

# Fixed endpoints expected by the application and the test-suite.
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=maillage
PG_PASSWORD=maillage
PG_DB=maillage
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
OS_HOST=127.0.0.1
OS_HTTP_PORT=9200
OS_TRANSPORT_PORT=9300
OS_CLUSTER=maillage

mkdir -p "$LOG_DIR" "$RUN_DIR"

# ---------------------------------------------------------------- output ----
log()  { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch, and a human "1.23s" since a given start.
now_ms()  { echo $(( $(date +%s%N) / 1000000 )); }
since()   { local ms=$(( $(now_ms) - $1 )); printf '%d.%02ds' $(( ms / 1000 )) $(( ms % 1000 / 10 )); }

# Print the last lines of a log file to stderr (used on failures).
tail_log() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '-----\n' >&2
  fi
}

# Keep one previous copy of a log file, so each start gets a fresh log.
rotate_log() {
  local file="$1"
  if [[ -s "$file" ]]; then mv -f "$file" "$file.1"; fi
  : > "$file"
}

# ------------------------------------------------------------- processes ----
# True if something accepts TCP connections on host:port (pure bash, no ss/nc).
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Read a pid file; print the pid if that process is alive.
live_pid() {
  local file="$1" pid
  [[ -s "$file" ]] || return 1
  pid="$(head -n1 "$file" | tr -dc '0-9')"
  [[ -n "$pid" ]] && proc_alive "$pid" || return 1
  echo "$pid"
}

# True if the process is stopped (SIGSTOP, i.e. "paused" by ctl.sh pause).
is_paused() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$state" == T ]]
}

# True if the process exists and is not a zombie (an exited daemon stays a
# zombie until init reaps it, which is not immediate on every machine).
proc_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)" != Z ]]
}

# Wait up to $2 seconds (default 10) for a process to be gone.
wait_gone() {
  local pid="$1" timeout="${2:-10}" i
  for (( i = 0; i < timeout * 10; i++ )); do
    proc_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

# SIGKILL (simulated crash), and wait until the process is really gone.
kill_hard() {
  kill -KILL "$1" 2>/dev/null || return 0
  wait_gone "$1" 10 || warn "pid $1 still present 10s after SIGKILL"
}

# Send SIGTERM, wait up to $2 seconds, then SIGKILL.
terminate() {
  local pid="$1" timeout="${2:-30}"
  kill -CONT "$pid" 2>/dev/null || true   # a paused process cannot exit
  kill -TERM "$pid" 2>/dev/null || return 0
  wait_gone "$pid" "$timeout" && return 0
  warn "pid $pid did not stop after ${timeout}s, sending SIGKILL"
  kill_hard "$pid"
}

# Resident memory of a process, in MiB.
rss_mib() {
  awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo '?'
}

# Serialise start/stop so concurrent callers (e.g. parallel test workers)
# cannot race each other. The lock is released when the calling script exits.
take_lock() {
  exec 9>"$RUN_DIR/services.lock"
  flock -w 300 9 || die "could not get $RUN_DIR/services.lock within 300s"
}
