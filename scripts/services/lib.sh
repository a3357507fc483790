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

# Fixed endpoints expected by the application and the test-suite. The ports can be moved (with
# MAILLAGE_SERVICES_VAR) to run a second, separate set of services, e.g. to try changes to these scripts.
PG_HOST=127.0.0.1
PG_PORT="${MAILLAGE_PG_PORT:-5432}"
PG_USER=maillage
PG_PASSWORD=maillage
PG_DB=maillage
REDIS_HOST=127.0.0.1
REDIS_PORT="${MAILLAGE_REDIS_PORT:-6379}"
OS_HOST=127.0.0.1
OS_HTTP_PORT="${MAILLAGE_OS_HTTP_PORT:-9200}"
OS_TRANSPORT_PORT="${MAILLAGE_OS_TRANSPORT_PORT:-9300}"
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

# Send SIGTERM (or signal $3), wait up to $2 seconds, then SIGKILL.
terminate() {
  local pid="$1" timeout="${2:-30}" signal="${3:-TERM}"
  kill -CONT "$pid" 2>/dev/null || true   # a paused process cannot exit
  kill -"$signal" "$pid" 2>/dev/null || return 0
  wait_gone "$pid" "$timeout" && return 0
  warn "pid $pid did not stop after ${timeout}s, sending SIGKILL"
  kill_hard "$pid"
}

# Wait up to 5 s for host:port to be free (a process just stopped or killed
# may still hold it); false if something still listens there.
wait_port_free() {
  local i
  for (( i = 0; i < 50; i++ )); do
    port_open "$1" "$2" || return 0
    sleep 0.1
  done
  ! port_open "$1" "$2"
}

# Like live_pid, but only if the command line of that process contains $2
# (guards against pid reuse: e.g. the main class of a JVM).
live_pid_of() {
  local pid
  pid="$(live_pid "$1")" || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

# Extract a top-level scalar from a small JSON document such as _cluster/health.
json_field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$1"; }

# ------------------------------------------- stop / kill / pause / resume ----
# One implementation for every service. Each takes the service NAME (used
# in the messages) and PIDFN, the service's function that prints the pid of
# its live daemon (and fails when there is none).

# svc_stop NAME PIDFN PIDFILE TIMEOUT [SIGNAL]: SIGTERM (or SIGNAL), then
# SIGKILL after TIMEOUT seconds; PIDFILE ("" if none) is removed.
svc_stop() {
  local name="$1" pidfn="$2" pidfile="$3" timeout="$4" signal="${5:-TERM}" t0 pid
  t0="$(now_ms)"
  if pid="$("$pidfn")"; then
    terminate "$pid" "$timeout" "$signal"
    log "$name: stopped in $(since "$t0")"
  else
    log "$name: not running"
  fi
  if [[ -n "$pidfile" ]]; then rm -f "$pidfile"; fi
}

# svc_kill NAME PIDFN [PIDFILE] [group]: SIGKILL, to simulate a crash; with
# "group", the whole process group of the daemon (a session leader) too.
svc_kill() {
  local name="$1" pidfn="$2" pidfile="${3:-}" group="${4:-}" pid
  if ! pid="$("$pidfn")"; then log "$name: not running"; return 0; fi
  if [[ "$group" == group ]]; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  kill_hard "$pid"
  if [[ -n "$pidfile" ]]; then rm -f "$pidfile"; fi
  log "$name: killed (pid $pid)"
}

# svc_pause NAME PIDFN: SIGSTOP, to simulate a hung server.
svc_pause() {
  local pid; pid="$("$2")" || die "$1: not running"
  kill -STOP "$pid"; log "$1: paused (pid $pid, SIGSTOP)"
}

# svc_resume NAME PIDFN: SIGCONT after svc_pause.
svc_resume() {
  local pid; pid="$("$2")" || die "$1: not running"
  kill -CONT "$pid"; log "$1: resumed (pid $pid)"
}

# resume_if_paused NAME PID: "start" also resumes a paused server.
resume_if_paused() {
  if is_paused "$2"; then kill -CONT "$2"; log "$1: resumed paused pid $2"; fi
}

# svc_running NAME PIDFN: for the status actions. Prints "NAME: stopped" or
# "NAME: PAUSED (pid N)" and fails, else sets SVC_PID to the live pid.
svc_running() {
  local pid
  SVC_PID=
  if ! pid="$("$2")"; then echo "$1: stopped"; return 1; fi
  if is_paused "$pid"; then echo "$1: PAUSED (pid $pid)"; return 1; fi
  SVC_PID="$pid"
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
