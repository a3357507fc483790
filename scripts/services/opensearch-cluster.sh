#!/usr/bin/env bash
# A local multi-node OpenSearch cluster in one JVM, whose nodes can be stopped
# and restarted one by one (fault-injection tests: "one node down, search keeps
# answering with the replicas"). Independent of the single node of ctl.sh /
# up.sh (127.0.0.1:9200): other ports, other directory, other cluster name.
#
# Usage: scripts/services/opensearch-cluster.sh ACTION
#   start         build the launcher if needed, start the cluster, wait for green
#                 with every node (idempotent: restarts stopped nodes)
#   stop          stop the whole cluster (data kept under var/opensearch-cluster/nodes)
#   stop-node I   close node I (1..N); returns once the others have seen it leave
#   start-node I  restart node I; returns once the cluster is green again
#   status        launcher, node states, cluster health; exit 1 if not running or red
#   wipe          stop, then delete the cluster data (next start is a fresh cluster)
#
# Environment:
#   OPENSEARCH_CLUSTER_NODES           number of nodes (default 3)
#   OPENSEARCH_CLUSTER_HTTP_PORT       HTTP port of node 1, node i gets +i-1 (default 9210)
#   OPENSEARCH_CLUSTER_TRANSPORT_PORT  transport port of node 1 (default 9310)
#   OPENSEARCH_CLUSTER_NAME            cluster name (default maillage-cluster)
#   OPENSEARCH_CLUSTER_HEAP            JVM heap for all nodes (default 384m per node)
#   OPENSEARCH_CLUSTER_TIMEOUT         seconds to wait for green / a node (default 180)
#   OPENSEARCH_CLUSTER_FAST_START      1 (default): C1-only JIT, faster start; 0: full JIT
#
# Files: var/opensearch-cluster/{build,nodes,control,launcher.pid},
#        log var/log/opensearch-cluster.log (previous run: .log.1).
# The launcher is services/opensearch-cluster (Java, built with Maven).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

OSC_HOME="$VAR/opensearch-cluster"
OSC_BUILD="$OSC_HOME/build"
OSC_DATA="$OSC_HOME/nodes"
OSC_CONTROL="$OSC_HOME/control"
OSC_STATE="$OSC_CONTROL/state"
OSC_PID="$OSC_HOME/launcher.pid"
OSC_LOG="$LOG_DIR/opensearch-cluster.log"
OSC_SRC="$ROOT/services/opensearch-cluster"
OSC_MAIN=org.maillage.opensearch.ClusterLauncher

N="${OPENSEARCH_CLUSTER_NODES:-3}"
HTTP_PORT="${OPENSEARCH_CLUSTER_HTTP_PORT:-9210}"
TRANSPORT_PORT="${OPENSEARCH_CLUSTER_TRANSPORT_PORT:-9310}"
NAME="${OPENSEARCH_CLUSTER_NAME:-maillage-cluster}"
TIMEOUT="${OPENSEARCH_CLUSTER_TIMEOUT:-180}"
[[ "$N" =~ ^[1-9]$ ]] || die "opensearch-cluster: OPENSEARCH_CLUSTER_NODES must be 1..9 (got '$N')"
[[ "$HTTP_PORT" =~ ^[0-9]+$ && "$TRANSPORT_PORT" =~ ^[0-9]+$ ]] || die "opensearch-cluster: ports must be numbers"
HEAP="${OPENSEARCH_CLUSTER_HEAP:-$(( 384 * N ))m}"
# What a running cluster was started with; another configuration needs a stop first.
CONFIG="nodes=$N http=$HTTP_PORT transport=$TRANSPORT_PORT name=$NAME"

mkdir -p "$OSC_HOME"

usage() { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# ----------------------------------------------------------------- helpers ----
osc_pid() { live_pid_of "$OSC_PID" "$OSC_MAIN"; }

node_state() { cat "$OSC_STATE/node-$1" 2>/dev/null || echo unknown; }
launcher_state() { cat "$OSC_STATE/launcher" 2>/dev/null || echo unknown; }
http_port() { echo $(( HTTP_PORT + $1 - 1 )); }

# _cluster/health from the first node that is running (empty if none answers).
health_json() {
  local i json
  for (( i = 1; i <= N; i++ )); do
    [[ "$(node_state "$i")" == running ]] || continue
    json="$(curl -s --max-time "${1:-2}" "http://$OS_HOST:$(http_port "$i")/_cluster/health" 2>/dev/null || true)"
    if [[ -n "$json" ]]; then echo "$json"; return 0; fi
  done
  return 1
}

fail() {   # message; shows the log tail
  tail_log "$OSC_LOG" "${2:-60}"
  die "opensearch-cluster: $1"
}

need_node_arg() {
  if [[ "${1:-}" =~ ^[1-9]$ ]] && (( $1 <= N )); then return 0; fi
  die "opensearch-cluster: node must be 1..$N (got '${1:-}')"
}

take_cluster_lock() {
  exec 8>"$OSC_HOME/lock"
  flock -w 300 8 || die "opensearch-cluster: could not get $OSC_HOME/lock within 300s"
}

# Compile the launcher and copy the runner's jars, once per version of the
# sources (cached with their checksum). Nothing is written under services/.
ensure_build() {
  local sum t0
  sum="$(cd "$OSC_SRC" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
  if [[ -f "$OSC_BUILD/.sources.sha256" && "$(cat "$OSC_BUILD/.sources.sha256")" == "$sum" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "opensearch-cluster: mvn not found (run scripts/services/install-system.sh)"
  t0="$(now_ms)"
  log "opensearch-cluster: building the launcher with Maven..."
  rm -rf "$OSC_BUILD"; mkdir -p "$OSC_BUILD"
  if ! mvn -q -B -Dstyle.color=never -f "$OSC_SRC/pom.xml" -Dmaillage.build.dir="$OSC_BUILD" \
        compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$OSC_BUILD/lib" \
        >"$LOG_DIR/opensearch-cluster-maven.log" 2>&1; then
    tail_log "$LOG_DIR/opensearch-cluster-maven.log"
    die "opensearch-cluster: Maven could not build $OSC_SRC"
  fi
  [[ -f "$OSC_BUILD/classes/${OSC_MAIN//.//}.class" ]] || die "opensearch-cluster: launcher class missing after Maven"
  echo "$sum" > "$OSC_BUILD/.sources.sha256"
  log "opensearch-cluster: launcher built, $(find "$OSC_BUILD/lib" -name "*.jar" | wc -l) jars ($(since "$t0"))"
}

# Wait until the cluster reports $1 nodes and (if $2 = green) a green status.
wait_cluster() {
  local want_nodes="$1" want="$2" deadline json status nodes pid
  deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    pid="$(osc_pid)" || fail "the launcher JVM exited (see $OSC_LOG)"
    [[ "$(launcher_state)" != failed* ]] || fail "launcher: $(launcher_state)"
    json="$(health_json 2 || true)"
    if [[ -n "$json" ]]; then
      [[ "$(json_field "$json" cluster_name)" == "$NAME" ]] \
        || die "opensearch-cluster: port $HTTP_PORT.. answers for cluster '$(json_field "$json" cluster_name)', not '$NAME'"
      status="$(json_field "$json" status)"
      nodes="$(json_field "$json" number_of_nodes)"
      if [[ "$nodes" == "$want_nodes" ]]; then
        if [[ "$want" != green ]]; then return 0; fi
        if [[ "$status" == green && "$(json_field "$json" relocating_shards)" == 0 ]]; then return 0; fi
      fi
    fi
    if (( $(date +%s) >= deadline )); then
      fail "not ready after ${TIMEOUT}s (wanted $want_nodes node(s) ${want}; last health: ${json:-no answer}; pid $pid)"
    fi
    sleep 0.2
  done
}

# Write a command file for the launcher and wait for node $2 to reach state $3.
command_node() {
  local cmd="$1" i="$2" want="$3" deadline st
  : > "$OSC_CONTROL/.$cmd-$i.tmp"
  mv -f "$OSC_CONTROL/.$cmd-$i.tmp" "$OSC_CONTROL/$cmd-$i"
  deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    st="$(node_state "$i")"
    # Done once the launcher has taken the command and the node is in the wanted state.
    if [[ ! -e "$OSC_CONTROL/$cmd-$i" && "$st" == "$want" ]]; then return 0; fi
    [[ "$st" != failed* ]] || fail "node $i: $st"
    osc_pid >/dev/null || fail "the launcher JVM exited (see $OSC_LOG)"
    (( $(date +%s) < deadline )) || fail "node $i not $want after ${TIMEOUT}s (state: $st)"
    sleep 0.1
  done
}

running_count() {
  local i c=0
  for (( i = 1; i <= N; i++ )); do
    if [[ "$(node_state "$i")" == running ]]; then c=$(( c + 1 )); fi
  done
  echo "$c"
}

# ----------------------------------------------------------------- actions ----
do_start() {
  local t0 pid i port jit=()
  t0="$(now_ms)"
  if pid="$(osc_pid)"; then
    [[ "$(cat "$OSC_HOME/.config" 2>/dev/null)" == "$CONFIG" ]] \
      || die "opensearch-cluster: running with '$(cat "$OSC_HOME/.config" 2>/dev/null)', '$CONFIG' asked: stop it first"
    wait_cluster_started_or_fail
    for (( i = 1; i <= N; i++ )); do
      if [[ "$(node_state "$i")" != running ]]; then
        log "opensearch-cluster: node $i is $(node_state "$i"), starting it"
        command_node start "$i" running
      fi
    done
    wait_cluster "$N" green
    log "opensearch-cluster: running on http://$OS_HOST:$HTTP_PORT (checked in $(since "$t0"))"
    return 0
  fi

  for (( i = 0; i < N; i++ )); do
    for port in $(( HTTP_PORT + i )) $(( TRANSPORT_PORT + i )); do
      wait_port_free "$OS_HOST" "$port" || die "opensearch-cluster: port $OS_HOST:$port is used by another process"
    done
  done
  ensure_build
  local java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  command -v "$java_bin" >/dev/null || die "opensearch-cluster: java not found (run scripts/services/install-system.sh)"

  # A cluster formed with another number of nodes cannot restart with this one
  # (voting configuration), nor with another name: start from empty data then.
  if [[ -f "$OSC_DATA/.formed" && "$(cat "$OSC_DATA/.formed")" != "nodes=$N name=$NAME" ]]; then
    log "opensearch-cluster: configuration changed ($(cat "$OSC_DATA/.formed")), wiping $OSC_DATA"
    rm -rf "$OSC_DATA"
  fi
  mkdir -p "$OSC_DATA" "$OSC_CONTROL" "$OSC_HOME/tmp"
  echo "nodes=$N name=$NAME" > "$OSC_DATA/.formed"
  echo "$CONFIG" > "$OSC_HOME/.config"
  rm -rf "$OSC_STATE"

  if [[ "${OPENSEARCH_CLUSTER_FAST_START:-1}" == 1 ]]; then jit=(-XX:TieredStopAtLevel=1); fi
  t0="$(now_ms)"
  rotate_log "$OSC_LOG"
  rm -f "$OSC_PID"
  # setsid: own session, so the cluster survives the calling shell / test run.
  # 8>&- 9>&-: do not hand our lock file descriptors over to the daemon.
  (
    cd "$OSC_HOME" || exit 1
    exec setsid nohup "$java_bin" \
      -Xms"$HEAP" -Xmx"$HEAP" \
      -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow "${jit[@]}" \
      -Djava.io.tmpdir="$OSC_HOME/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
      -Dlog4j2.formatMsgNoLookups=true -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
      -cp "$OSC_BUILD/classes:$OSC_BUILD/lib/*" "$OSC_MAIN" \
      -basePath "$OSC_DATA" -nodes "$N" -clusterName "$NAME" -host "$OS_HOST" \
      -httpPort "$HTTP_PORT" -transportPort "$TRANSPORT_PORT" -controlDir "$OSC_CONTROL" \
      </dev/null >>"$OSC_LOG" 2>&1 8>&- 9>&-
  ) &
  echo $! > "$OSC_PID"

  if ! wait_launcher_ready; then
    pid="$(osc_pid || true)"
    if [[ -n "$pid" ]]; then terminate "$pid" 30; fi
    rm -f "$OSC_PID"
    fail "the cluster did not start (launcher: $(launcher_state))"
  fi
  wait_cluster "$N" green
  pid="$(osc_pid)"
  log "opensearch-cluster: $N nodes of '$NAME' on http://$OS_HOST:$HTTP_PORT..$(http_port "$N") green in $(since "$t0") (heap $HEAP, rss $(rss_mib "$pid") MiB)"
}

# The launcher writes "ready" once every node has started.
wait_launcher_ready() {
  local deadline=$(( $(date +%s) + TIMEOUT )) st
  while :; do
    st="$(launcher_state)"
    [[ "$st" == ready ]] && return 0
    [[ "$st" != failed* ]] || return 1
    osc_pid >/dev/null || return 1
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2
  done
}

wait_cluster_started_or_fail() {
  wait_launcher_ready || fail "the launcher is running but not ready (launcher: $(launcher_state))"
}

# The shared stop of lib.sh. SIGTERM: the launcher's shutdown hook closes every node.
do_stop() { svc_stop opensearch-cluster osc_pid "$OSC_PID" 60; }

do_stop_node() {
  local i="$1" t0; t0="$(now_ms)"
  osc_pid >/dev/null || die "opensearch-cluster: not running (start it first)"
  wait_cluster_started_or_fail
  if [[ "$(node_state "$i")" == stopped ]]; then log "opensearch-cluster: node $i already stopped"; return 0; fi
  command_node stop "$i" stopped
  local closed; closed="$(since "$t0")"
  local left; left="$(running_count)"
  (( left > 0 )) || { log "opensearch-cluster: node $i stopped, no node left ($closed)"; return 0; }
  wait_cluster "$left" any
  local json; json="$(health_json 2 || true)"
  log "opensearch-cluster: node $i (port $(http_port "$i")) stopped in $closed, cluster sees $left node(s) after $(since "$t0"), $(json_field "$json" status)"
}

do_start_node() {
  local i="$1" t0; t0="$(now_ms)"
  osc_pid >/dev/null || die "opensearch-cluster: not running (use start)"
  wait_cluster_started_or_fail
  command_node start "$i" running
  local started; started="$(since "$t0")"
  wait_cluster "$(running_count)" green
  log "opensearch-cluster: node $i (port $(http_port "$i")) started in $started, cluster green after $(since "$t0")"
}

do_status() {
  local pid json i rc=0
  if ! pid="$(osc_pid)"; then echo "opensearch-cluster: stopped"; return 1; fi
  json="$(health_json 3 || true)"
  echo "opensearch-cluster: launcher pid $pid ($(launcher_state)), rss $(rss_mib "$pid") MiB, $(cat "$OSC_HOME/.config" 2>/dev/null)"
  for (( i = 1; i <= N; i++ )); do
    echo "  node $i  http://$OS_HOST:$(http_port "$i")  $(node_state "$i")"
  done
  if [[ -z "$json" ]]; then echo "  cluster: NOT answering"; return 1; fi
  echo "  cluster: $(json_field "$json" status), $(json_field "$json" number_of_nodes) node(s)," \
       "$(json_field "$json" active_primary_shards) primaries, $(json_field "$json" unassigned_shards) unassigned shard(s)"
  [[ "$(json_field "$json" status)" != red ]] || rc=1
  return "$rc"
}

do_wipe() {
  do_stop
  rm -rf "$OSC_DATA" "$OSC_CONTROL"
  log "opensearch-cluster: data wiped ($OSC_DATA)"
}

# -------------------------------------------------------------------- main ----
(( $# >= 1 )) || usage
action="$1"; shift
case "$action" in
  start)      take_cluster_lock; do_start ;;
  stop)       take_cluster_lock; do_stop ;;
  stop-node)  need_node_arg "${1:-}"; take_cluster_lock; do_stop_node "$1" ;;
  start-node) need_node_arg "${1:-}"; take_cluster_lock; do_start_node "$1" ;;
  status)     do_status ;;
  wipe)       take_cluster_lock; do_wipe ;;
  -h|--help|help) usage ;;
  *) die "opensearch-cluster: unknown action '$action' (start, stop, stop-node I, start-node I, status, wipe)" ;;
esac
