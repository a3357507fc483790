# shellcheck shell=bash
# Redis service functions (sourced by ctl.sh / up.sh, after lib.sh).
#
# A private redis-server (Debian package binary), daemonized, bound to
# 127.0.0.1, with its data, pid and log under var/. Append-only persistence
# is on, so a stop/start keeps queued Celery messages (like a real broker).

REDIS_DIR="$VAR/redis"
REDIS_PID="$RUN_DIR/redis.pid"
REDIS_LOG="$LOG_DIR/redis.log"

redis_cli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }

redis_pid() { live_pid "$REDIS_PID"; }

redis_is_healthy() {
  [[ "$(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

redis_start() {
  local t0 pid i
  t0="$(now_ms)"
  command -v redis-server >/dev/null || die "redis-server not installed (run install-system.sh)"

  if pid="$(redis_pid)"; then
    resume_if_paused redis "$pid"
    if redis_is_healthy; then
      log "redis: already running on $REDIS_HOST:$REDIS_PORT (checked in $(since "$t0"))"
      return 0
    fi
    # Alive but not answering (still loading?): fall through to the wait.
  else
    if port_open "$REDIS_HOST" "$REDIS_PORT" && pgrep -x redis-server -u redis >/dev/null 2>&1; then
      # Debian's own redis-server (started by the package on some machines): stop it, ours takes the port.
      log "redis: stopping Debian's redis-server that holds $REDIS_HOST:$REDIS_PORT"
      service redis-server stop >/dev/null 2>&1 || redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave \
        >/dev/null 2>&1 || true
    fi
    if ! wait_port_free "$REDIS_HOST" "$REDIS_PORT"; then
      die "redis: port $REDIS_HOST:$REDIS_PORT is used by another process (not ours). Stop it first (e.g. Debian's redis-server)."
    fi
    mkdir -p "$REDIS_DIR"
    rm -f "$REDIS_PID"
    rotate_log "$REDIS_LOG"
    if ! redis-server \
        --daemonize yes \
        --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --protected-mode yes \
        --dir "$REDIS_DIR" \
        --pidfile "$REDIS_PID" \
        --logfile "$REDIS_LOG" \
        --loglevel notice \
        --save '' \
        --appendonly yes --appendfsync everysec \
        >>"$REDIS_LOG" 2>&1 9>&-; then   # 9>&-: keep our lock fd out of the daemon
      tail_log "$REDIS_LOG"; die "redis: failed to launch"
    fi
  fi

  for (( i = 0; i < 150; i++ )); do            # up to 15 s
    if redis_is_healthy; then
      log "redis: started on $REDIS_HOST:$REDIS_PORT in $(since "$t0")"
      return 0
    fi
    sleep 0.1
  done
  tail_log "$REDIS_LOG"
  die "redis: not answering PING on $REDIS_HOST:$REDIS_PORT after 15s"
}

# stop, kill, pause, resume: the shared implementation of lib.sh.
redis_stop()   { svc_stop redis redis_pid "$REDIS_PID" 15; }   # SIGTERM: redis flushes the AOF and exits
redis_kill()   { svc_kill redis redis_pid "$REDIS_PID"; }
redis_pause()  { svc_pause redis redis_pid; }
redis_resume() { svc_resume redis redis_pid; }

redis_status() {
  svc_running redis redis_pid || return 1
  local pid="$SVC_PID"
  if redis_is_healthy; then
    echo "redis: running, healthy (pid $pid, $REDIS_HOST:$REDIS_PORT, rss $(rss_mib "$pid") MiB)"
  else
    echo "redis: running, NOT healthy (pid $pid)"; return 1
  fi
}
