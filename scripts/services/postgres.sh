# shellcheck shell=bash
# PostgreSQL service functions (sourced by ctl.sh / up.sh, after lib.sh).
#
# We run a private cluster (initdb) under var/postgres instead of Debian's
# "main" cluster: it does not depend on /etc/postgresql being in any given
# state, and it can be tuned for tests (fsync off) without touching /etc.
# The server runs as the "postgres" system user (it refuses to run as root).

PG_LOG="$LOG_DIR/postgres.log"

# Resolve, once per script run, the paths below (sets PG_DATA, PG_SOCK,
# PG_LOG, PG_BIN). Called at the top of every pg_* entry point.
#  - PG_DATA: data directory. The postgres user must be able to reach it; if
#    the clone lives under a directory it cannot traverse (e.g. /root/...),
#    fall back to a per-clone directory under /var/lib/postgresql.
#  - PG_SOCK: Unix socket directory (local admin through peer auth only).
#    Socket paths are limited to ~107 bytes, hence the /tmp fallback.
#  - PG_BIN: bin directory of the newest installed PostgreSQL server.
pg_paths() {
  [[ -n "${PG_DATA:-}" ]] && return 0
  local key dir="$VAR/postgres"
  key="$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  if runuser -u postgres -- test -w "$dir" 2>/dev/null; then
    PG_DATA="$dir/data"
    PG_SOCK="$VAR/run/postgresql"
    if (( ${#PG_SOCK} > 80 )); then PG_SOCK="/tmp/maillage-pg-$key"; fi
  else
    # Unreachable for postgres: data, socket and server log go elsewhere
    # (var/log/postgres.log is then a symlink to the real log).
    PG_DATA="/var/lib/postgresql/maillage-$key/data"
    PG_SOCK="/tmp/maillage-pg-$key"
    PG_LOG="/var/lib/postgresql/maillage-$key/postgres.log"
    mkdir -p "$(dirname "$PG_DATA")"
    chown postgres:postgres "$(dirname "$PG_DATA")"
    ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
  fi
  PG_BIN="$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n1)"
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL server binaries not found in /usr/lib/postgresql (run install-system.sh)"
}

pg_as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# Run SQL as the postgres superuser through the Unix socket.
# shellcheck disable=SC2120  # extra psql arguments are optional
pg_admin_sql() {
  pg_as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# Pid of the running postmaster (from postmaster.pid; zombies count as gone).
pg_pid() {
  local pid
  pid="$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] && proc_alive "$pid" || return 1
  echo "$pid"
}

pg_is_running() { pg_pid >/dev/null; }

# Healthy = accepts a real login with the application credentials.
pg_is_healthy() {
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 \
    psql -X -q -At -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c 'select 1' >/dev/null 2>&1
}

# Another PostgreSQL may hold the port (typically Debian's own "main"
# cluster, started by a package install): stop it if so, else give up.
pg_free_port() {
  port_open "$PG_HOST" "$PG_PORT" || return 0
  if command -v pg_lsclusters >/dev/null; then
    local ver name port status
    while read -r ver name port status _; do
      if [[ "$port" == "$PG_PORT" && "$status" == online* ]]; then
        log "postgres: stopping Debian cluster $ver/$name, which holds port $PG_PORT"
        pg_ctlcluster "$ver" "$name" stop || true
      fi
    done < <(pg_lsclusters -h 2>/dev/null)
  fi
  sleep 0.5
  if port_open "$PG_HOST" "$PG_PORT"; then
    die "postgres: port $PG_HOST:$PG_PORT is used by another process (not our cluster). Stop it first."
  fi
}

# Create the cluster on first use.
pg_init() {
  local data="$1" bin="$PG_BIN"
  [[ -f "$data/PG_VERSION" ]] && return 0
  log "postgres: creating cluster in $data"
  mkdir -p "$data"
  chown -R postgres:postgres "$(dirname "$data")"
  chmod 700 "$data"
  if ! pg_as_postgres "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >"$LOG_DIR/postgres-initdb.log" 2>&1; then
    tail_log "$LOG_DIR/postgres-initdb.log"
    die "postgres: initdb failed"
  fi
  echo "include_dir = 'conf.d'" >> "$data/postgresql.conf"
}

# Our settings, rewritten at every start (so edits here take effect).
pg_write_conf() {
  local data="$1" sock="$2"
  mkdir -p "$data/conf.d"
  cat > "$data/conf.d/maillage.conf" <<EOF
# Written by scripts/services/postgres.sh -- local development / tests only.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$sock'
max_connections = 100
shared_buffers = 128MB
# Durability is not needed for a throw-away test database: much faster.
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
log_min_error_statement = error
EOF
  chown -R postgres:postgres "$data/conf.d"
}

# Role and database for the application (idempotent).
pg_bootstrap() {
  pg_admin_sql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')
\gexec
SQL
}

pg_start() {
  local t0 data sock bin
  t0="$(now_ms)"
  pg_paths
  data="$PG_DATA"; sock="$PG_SOCK"; bin="$PG_BIN"

  # Running but not (yet) accepting connections (starting up, recovering,
  # shutting down): give it a few seconds to settle either way.
  local i
  for (( i = 0; i < 100; i++ )); do
    pg_is_running || break
    pg_as_postgres "$bin/pg_isready" -q -h "$sock" -p "$PG_PORT" && break
    sleep 0.1
  done

  if pg_is_running; then
    if pg_is_healthy; then
      log "postgres: already running on $PG_HOST:$PG_PORT (checked in $(since "$t0"))"
      return 0
    fi
    # Running but the app login fails (e.g. role missing): repair below.
    pg_bootstrap || die "postgres: running but could not create role/database"
    pg_is_healthy || die "postgres: running but login as $PG_USER fails"
    log "postgres: already running, role/database repaired ($(since "$t0"))"
    return 0
  fi

  pg_free_port
  pg_init "$data"
  pg_write_conf "$data" "$sock"
  mkdir -p "$sock"; chown postgres:postgres "$sock"
  # Stale lock files after a crash/kill: no live postmaster owns them here
  # (the server itself would refuse to start while the dead one is still an
  # unreaped zombie, which kill(pid, 0) reports as existing).
  rm -f "$data/postmaster.pid"
  local lock="$sock/.s.PGSQL.$PG_PORT.lock" lpid
  if [[ -f "$lock" ]]; then
    lpid="$(head -n1 "$lock" | tr -dc '0-9')"
    if [[ -z "$lpid" ]] || ! proc_alive "$lpid"; then rm -f "$lock" "$sock/.s.PGSQL.$PG_PORT"; fi
  fi
  if [[ -L "$LOG_DIR/postgres.log" ]]; then : > "$PG_LOG"; else rotate_log "$PG_LOG"; fi
  chown postgres:postgres "$PG_LOG"
  if ! pg_as_postgres "$bin/pg_ctl" -D "$data" -l "$PG_LOG" -w -t 60 start >/dev/null 2>&1 9>&-; then
    tail_log "$PG_LOG"
    die "postgres: failed to start (see $PG_LOG)"
  fi
  pg_bootstrap >/dev/null || { tail_log "$PG_LOG"; die "postgres: could not create role/database"; }
  pg_is_healthy || { tail_log "$PG_LOG"; die "postgres: started but login as $PG_USER fails"; }
  log "postgres: started on $PG_HOST:$PG_PORT in $(since "$t0") (data: $data)"
}

# stop and kill: the shared implementation of lib.sh (no pause/resume for postgres).
# Stop: SIGINT is PostgreSQL's "fast" shutdown (what `pg_ctl -m fast stop` sends); the postmaster removes
# its own postmaster.pid. Kill: a crash of the postmaster and its backends; pg_ctl made the postmaster a
# session leader, so its pid is also its process group id.
pg_stop() { pg_paths; svc_stop postgres pg_pid "" 60 INT; }
pg_kill() { pg_paths; svc_kill postgres pg_pid "" group; }

pg_status() {
  pg_paths
  svc_running postgres pg_pid || return 1
  local pid="$SVC_PID"
  if pg_is_healthy; then
    echo "postgres: running, healthy (pid $pid, $PG_HOST:$PG_PORT)"
  else
    echo "postgres: running, NOT healthy (pid $pid)"; return 1
  fi
}
