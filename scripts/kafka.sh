#!/usr/bin/env bash
#
# scripts/kafka.sh - run a REAL single-node Apache Kafka broker (KRaft mode, no ZooKeeper,
# no Docker) on this machine, for fault tests and benchmarks.
#
# Usage:
#   scripts/kafka.sh start  [port]   start a fresh broker (new temp data dir under /tmp)
#   scripts/kafka.sh stop   [port]   graceful stop (SIGTERM, SIGKILL after a timeout), delete data dir
#   scripts/kafka.sh pause  [port]   stop the process but KEEP the data dir (same as `stop --keep-data`)
#   scripts/kafka.sh resume [port]   start a paused broker again on the same data dir (topics survive)
#   scripts/kafka.sh status [port]   exit 0 = running, 3 = paused or not running
#   scripts/kafka.sh tool <main-class> [args...]
#                                    run a Kafka CLI class with the broker classpath, e.g.
#       scripts/kafka.sh tool kafka.tools.ConsoleProducer --bootstrap-server 127.0.0.1:19092 --topic t
#       scripts/kafka.sh tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:19092 \
#                                    --topic t --from-beginning --max-messages 1
#       scripts/kafka.sh tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:19092 --list
#
#   port defaults to 19092 (PLAINTEXT listener, clients connect here); the KRaft controller
#   listens on port+1. Several brokers on different ports can run side by side.
#   `start` prints "bootstrap servers: 127.0.0.1:<port>" when the broker is ready.
#
# Where things live (all under the git-ignored target/ folder of the repo root):
#   target/kafka-dist/libs/         broker classpath, copied once from Maven Central with
#                                   ./mvnw -f scripts/kafka/pom.xml dependency:copy-dependencies
#                                   (re-copied when scripts/kafka/pom.xml changes)
#   target/kafka-dist/kafka-<port>.log   broker log (stdout/stderr, log4j -> stdout)
#   target/kafka-dist/state-<port>       pid + data dir of the broker on <port>
#   /tmp/kafka-<port>-XXXXXX/            data dir: server.properties + logs/ (the log.dirs)
#
# Environment overrides:
#   KAFKA_HEAP_OPTS       default "-Xms256m -Xmx512m"
#   KAFKA_OPTS            extra JVM options for the broker
#   KAFKA_START_TIMEOUT   seconds to wait for the broker to become ready (default 60)
#   KAFKA_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 30)
#   JAVA_HOME             java to use (default: java on PATH); Java 17 works
#
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONF_DIR="$ROOT/scripts/kafka"
DIST="$ROOT/target/kafka-dist"
LIBS="$DIST/libs"
LIBS_MARKER="$LIBS/.complete"
DEFAULT_PORT=19092
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

log()  { echo "kafka.sh: $*" >&2; }
die()  { log "ERROR: $*"; exit 1; }

usage() {
  sed -n '3,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# classpath
# ---------------------------------------------------------------------------------------------
ensure_libs() {
  if [[ -f "$LIBS_MARKER" && ! "$CONF_DIR/pom.xml" -nt "$LIBS_MARKER" ]]; then
    return 0
  fi
  mkdir -p "$DIST"
  # serialise concurrent first runs (e.g. two brokers started in parallel)
  exec 9>"$DIST/.libs.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if [[ -f "$LIBS_MARKER" && ! "$CONF_DIR/pom.xml" -nt "$LIBS_MARKER" ]]; then
    exec 9>&-
    return 0
  fi
  log "materialising Kafka broker classpath into $LIBS (one-off, uses ./mvnw) ..."
  local tmp="$DIST/libs.tmp.$$"
  rm -rf "$tmp"
  if ! (cd "$ROOT" && ./mvnw -q -B -ntp -f "$CONF_DIR/pom.xml" dependency:copy-dependencies \
          -DincludeScope=runtime -DoutputDirectory="$tmp" >&2); then
    rm -rf "$tmp"
    die "could not copy Kafka dependencies with ./mvnw -f scripts/kafka/pom.xml"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13 jar missing in $tmp"; }
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  touch "$LIBS_MARKER"
  exec 9>&-
}

run_tool() { # <main-class> [args...]  (tool logging: WARN to stderr)
  ensure_libs
  "$JAVA" -Xmx512m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$CONF_DIR/tools-log4j.properties" \
    -cp "$LIBS/*" "$@"
}

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
state_file() { echo "$DIST/state-$1"; }
log_file()   { echo "$DIST/kafka-$1.log"; }

state_get() { # <port> <key>
  local f; f="$(state_file "$1")"
  if [[ ! -f "$f" ]]; then
    # state file lost (e.g. `mvn clean` wiped target/ while a broker was running):
    # recover it from a running kafka.Kafka process started by us for this port.
    recover_state "$1"
    [[ -f "$f" ]] || return 0
  fi
  sed -n "s/^$2=//p" "$f" | tail -n 1
}

recover_state() { # <port>
  local port="$1" f pid cmd props
  # one grep over all cmdlines first (cheap), then inspect only the candidates
  for f in $(grep -l -a -F "/tmp/kafka-$port-" /proc/[0-9]*/cmdline 2>/dev/null || true); do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    cmd="$(tr '\0' ' ' 2>/dev/null <"$f")" || continue
    [[ "$cmd" == *" kafka.Kafka /tmp/kafka-$port-"*"/server.properties"* ]] || continue
    props="${cmd##* kafka.Kafka }"; props="${props%% *}"
    log "state file for port $port missing; found running broker pid $pid ($props)"
    write_state "$port" "$pid" "$(dirname "$props")"
    return 0
  done
}

write_state() { # <port> <pid> <data_dir>
  local f; f="$(state_file "$1")"
  mkdir -p "$DIST"
  printf 'pid=%s\ndata_dir=%s\nport=%s\n' "$2" "$3" "$1" >"$f.tmp"
  mv "$f.tmp" "$f"
}

is_broker_pid() { # <pid>: alive and really our kafka.Kafka process (guards against pid reuse)
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka' || return 1
  fi
  return 0
}

port_open() { # <port>: something accepts TCP connections on 127.0.0.1:<port>
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

parse_port() { # [port]
  local p="${1:-$DEFAULT_PORT}"
  [[ "$p" =~ ^[0-9]+$ ]] && (( p > 0 && p < 65535 )) || die "invalid port '$p'"
  echo "$p"
}

new_cluster_id() { # 16 random bytes, base64url without padding (= org.apache.kafka.common.Uuid format)
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ ${#id} -eq 22 && "$id" != -* && "$id" != "AAAAAAAAAAAAAAAAAAAAAA" ]] && break
  done
  echo "$id"
}

show_log_tail() { # <port>
  local lf; lf="$(log_file "$1")"
  if [[ -f "$lf" ]]; then
    log "---- last 40 lines of $lf ----"
    tail -n 40 "$lf" >&2 || true
    log "------------------------------"
  fi
}

write_server_properties() { # <port> <data_dir>
  local port="$1" data="$2" cport=$(( $1 + 1 ))
  cat >"$data/server.properties" <<EOF
# generated by scripts/kafka.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/logs
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
EOF
}

launch_broker() { # <port> <data_dir>  -> starts broker in background, prints pid
  local port="$1" data="$2" lf pidf
  lf="$(log_file "$port")"
  pidf="$data/broker.pid"
  rm -f "$pidf"
  # setsid: detach from our session/process group, so Ctrl-C in the caller's terminal or the
  # caller's process-group cleanup does not kill the broker; the pid is written by the shell
  # that then exec's java, so it is the java pid.
  # shellcheck disable=SC2086
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" \
    "$JAVA" $HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$CONF_DIR/log4j.properties" \
    -Dkafka.logs.dir="$DIST" \
    ${KAFKA_OPTS:-} \
    -cp "$LIBS/*" kafka.Kafka "$data/server.properties" \
    >>"$lf" 2>&1 </dev/null &
  local i
  for i in $(seq 1 50); do
    [[ -s "$pidf" ]] && break
    sleep 0.1
  done
  [[ -s "$pidf" ]] || die "broker process did not start (no pid file)"
  cat "$pidf"
}

wait_ready() { # <port> <pid> <log_line_offset>: port open AND "Kafka Server started" logged
  local port="$1" pid="$2" offset="$3" lf deadline
  lf="$(log_file "$port")"
  deadline=$(( SECONDS + START_TIMEOUT ))
  while (( SECONDS < deadline )); do
    if ! is_broker_pid "$pid"; then
      log "broker process $pid died during startup"
      return 1
    fi
    if port_open "$port" && tail -n "+$(( offset + 1 ))" "$lf" 2>/dev/null | grep -q 'Kafka Server started'; then
      return 0
    fi
    sleep 0.2
  done
  log "broker on port $port not ready after ${START_TIMEOUT}s"
  return 1
}

check_ports_free() { # <port>
  local p
  for p in "$1" "$(( $1 + 1 ))"; do
    if port_open "$p"; then die "port $p is already in use by another process"; fi
  done
}

terminate() { # <pid>: SIGTERM, then SIGKILL after STOP_TIMEOUT
  local pid="$1" deadline
  is_broker_pid "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( SECONDS + STOP_TIMEOUT ))
  while is_broker_pid "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
  if is_broker_pid "$pid"; then
    log "broker $pid still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    # (a killed but not yet reaped process is a zombie with an empty cmdline -> not a broker)
    deadline=$(( SECONDS + 10 ))
    while is_broker_pid "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
  fi
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
cmd_start() {
  local port; port="$(parse_port "${1:-}")"
  local pid data
  pid="$(state_get "$port" pid)"
  data="$(state_get "$port" data_dir)"
  if is_broker_pid "$pid"; then
    die "a broker is already running on port $port (pid $pid, data $data); use 'stop $port' first"
  fi
  if [[ -n "$data" && -d "$data" ]]; then
    die "a paused broker for port $port has data in $data; use 'resume $port' or 'stop $port' first"
  fi
  rm -f "$(state_file "$port")"
  check_ports_free "$port"
  ensure_libs

  local t0=$SECONDS lf
  lf="$(log_file "$port")"
  data="$(mktemp -d "/tmp/kafka-$port-XXXXXX")"
  write_server_properties "$port" "$data"
  : >"$lf"
  local cid; cid="$(new_cluster_id)"
  if ! run_tool kafka.tools.StorageTool format -t "$cid" -c "$data/server.properties" >>"$lf" 2>&1; then
    show_log_tail "$port"
    rm -rf "$data"
    die "formatting the KRaft storage in $data failed"
  fi

  local offset; offset="$(wc -l <"$lf")"
  pid="$(launch_broker "$port" "$data")"
  write_state "$port" "$pid" "$data"
  if ! wait_ready "$port" "$pid" "$offset"; then
    terminate "$pid"
    show_log_tail "$port"
    rm -rf "$data"
    rm -f "$(state_file "$port")"
    die "Kafka broker failed to start on port $port (log: $lf)"
  fi
  log "started broker pid $pid, cluster id $cid, data $data, log $lf ($(( SECONDS - t0 ))s)"
  echo "bootstrap servers: 127.0.0.1:$port"
}

cmd_resume() {
  local port; port="$(parse_port "${1:-}")"
  local pid data lf
  pid="$(state_get "$port" pid)"
  data="$(state_get "$port" data_dir)"
  if is_broker_pid "$pid"; then
    log "broker on port $port is already running (pid $pid)"
    echo "bootstrap servers: 127.0.0.1:$port"
    return 0
  fi
  [[ -n "$data" && -f "$data/server.properties" ]] \
    || die "no paused broker for port $port (no state/data dir); use 'start $port'"
  check_ports_free "$port"
  ensure_libs
  lf="$(log_file "$port")"
  echo "==== kafka.sh resume $(date '+%F %T') ====" >>"$lf"
  local offset; offset="$(wc -l <"$lf")"
  pid="$(launch_broker "$port" "$data")"
  write_state "$port" "$pid" "$data"
  if ! wait_ready "$port" "$pid" "$offset"; then
    terminate "$pid"
    write_state "$port" "" "$data"
    show_log_tail "$port"
    die "Kafka broker failed to resume on port $port (data kept in $data, log: $lf)"
  fi
  log "resumed broker pid $pid, data $data"
  echo "bootstrap servers: 127.0.0.1:$port"
}

cmd_stop() { # [port] [--keep-data]
  local keep=0 args=() a
  for a in "$@"; do
    if [[ "$a" == "--keep-data" ]]; then keep=1; else args+=("$a"); fi
  done
  local port; port="$(parse_port "${args[0]:-}")"
  local sf pid data
  sf="$(state_file "$port")"
  if [[ ! -f "$sf" ]]; then
    log "no broker known on port $port (nothing to do)"
    return 0
  fi
  pid="$(state_get "$port" pid)"
  data="$(state_get "$port" data_dir)"
  if is_broker_pid "$pid"; then
    log "stopping broker pid $pid on port $port ..."
    terminate "$pid"
  fi
  if (( keep )); then
    write_state "$port" "" "$data"
    log "broker on port $port paused; data kept in $data ('resume $port' to restart, 'stop $port' to delete)"
  else
    # only ever delete what we created
    if [[ -n "$data" && "$data" == /tmp/kafka-"$port"-* && -d "$data" ]]; then rm -rf "$data"; fi
    rm -f "$sf"
    log "broker on port $port stopped, data removed"
  fi
}

cmd_status() {
  local port; port="$(parse_port "${1:-}")"
  local pid data
  pid="$(state_get "$port" pid)"
  data="$(state_get "$port" data_dir)"
  if is_broker_pid "$pid"; then
    if port_open "$port"; then
      echo "running: pid $pid, bootstrap servers 127.0.0.1:$port, data $data, log $(log_file "$port")"
    else
      echo "starting/unresponsive: pid $pid, port $port not accepting connections, data $data"
    fi
    return 0
  fi
  if [[ -n "$data" && -d "$data" ]]; then
    echo "paused: not running, data kept in $data ('resume $port' / 'stop $port')"
  else
    echo "stopped: no broker on port $port"
  fi
  return 3
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    start)  cmd_start "$@" ;;
    stop)   cmd_stop "$@" ;;
    pause)  cmd_stop "$@" --keep-data ;;
    resume) cmd_resume "$@" ;;
    status) cmd_status "$@" ;;
    tool)   [[ $# -ge 1 ]] || usage; run_tool "$@" ;;
    -h|--help|help|"") usage ;;
    *) log "unknown command '$cmd'"; usage ;;
  esac
}

main "$@"
