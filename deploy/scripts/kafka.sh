#!/usr/bin/env bash
# Local single-node Apache Kafka 3.9 broker (KRaft, combined broker+controller, 127.0.0.1),
# run straight from Maven jars: no Docker and no Kafka tarball needed.
#
#   deploy/scripts/kafka.sh start     start it (quick no-op if it is already running)
#   deploy/scripts/kafka.sh stop      SIGTERM, wait, then SIGKILL; no-op if not running
#   deploy/scripts/kafka.sh restart   stop + start
#   deploy/scripts/kafka.sh status    one line; exit 0 if running and answering, 3 if not
#   deploy/scripts/kafka.sh logs [-f] [-n N]   broker output (also: logs maven | logs format)
#
# Needs java (11+, 17 recommended) and, the first time or after deploy/kafka/pom.xml changes,
# mvn with access to the Maven repository, which runs (plugin version pinned in the pom)
#   mvn -B -q -f deploy/kafka/pom.xml org.apache.maven.plugins:maven-dependency-plugin:copy-dependencies \
#       -DincludeScope=runtime -DoutputDirectory=.local/kafka/lib
# State lives in <repo>/.local/kafka/ (git-ignored):
#   lib/ (jars) + lib.stamp, server.properties (rendered), data/ (wiped on each fresh start),
#   kafka.pid, kafka.port, logs/broker.out, logs/maven.log, logs/format.log
#
# Environment:
#   KAFKA_PORT             client (PLAINTEXT) port, default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port, default 9093
#   KAFKA_STATE_DIR        default <repo>/.local/kafka (use a separate one for a second broker)
#   KAFKA_HEAP_OPTS        default "-Xms256m -Xmx512m"
#   KAFKA_JVM_OPTS         extra JVM flags for the broker (appended)
#   KAFKA_START_TIMEOUT    seconds to wait for "Kafka Server started", default 90
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL, default 30
#   KAFKA_KEEP_DATA        1 = keep data/ across restarts (default: fresh data dir each start)
#   KAFKA_CLUSTER_ID       cluster id used when formatting (default: random)
#   KAFKA_MVN_OPTS         extra mvn arguments, e.g. "-s /path/settings.xml"
#   KAFKA_NICE             CPU niceness of the broker (default 0; `npm run stack` passes its
#                          STACK_BACKGROUND_NICE, so the pre-send check is scheduled first)
#   JAVA_HOME              java to use (default: java on PATH)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CONF_DIR="$REPO_ROOT/deploy/kafka"
STATE="${KAFKA_STATE_DIR:-$REPO_ROOT/.local/kafka}"
[[ $STATE == /* ]] || STATE="$PWD/$STATE"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

LIB="$STATE/lib"
STAMP="$STATE/lib.stamp"
DATA="$STATE/data"
LOGS="$STATE/logs"
PIDFILE="$STATE/kafka.pid"
PORTFILE="$STATE/kafka.port"
PROPS="$STATE/server.properties"
OUT="$LOGS/broker.out"
READY_LINE='Kafka Server started'

say() { echo "kafka: $*"; }
die() { echo "kafka: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100)); }

for v in PORT CPORT START_TIMEOUT STOP_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
[[ $PORT != "$CPORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $PORT)"

# --- process helpers --------------------------------------------------------------------

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# true if $1 is a live kafka.Kafka process started with this state dir's server.properties
# (guards against a stale pid file whose pid got reused by something else)
is_our_broker() {
  local pid=$1 cmd
  alive "$pid" || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  else
    cmd=$(ps -p "$pid" -o command= 2>/dev/null) || return 1
  fi
  [[ $cmd == *"kafka.Kafka $PROPS"* ]]
}

# prints the broker pid if the pid file points at our live broker
broker_pid() {
  local pid=""
  if [[ -f $PIDFILE ]]; then read -r pid 2>/dev/null <"$PIDFILE" || true; fi
  [[ $pid =~ ^[0-9]+$ ]] && is_our_broker "$pid" && echo "$pid"
  return 0
}

recorded_port() {
  local p=""
  if [[ -f $PORTFILE ]]; then read -r p 2>/dev/null <"$PORTFILE" || true; fi
  echo "${p:-$PORT}"
}

logged_ready() { [[ -f $OUT ]] && grep -q "$READY_LINE" "$OUT"; }

take_lock() {
  mkdir -p "$STATE" "$LOGS"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$STATE/.lock"
  flock -w 180 9 || die "another kafka.sh start/stop is still running (lock $STATE/.lock)"
}

# --- prerequisites ---------------------------------------------------------------------

find_java() {
  JAVA=""
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "java not found: install OpenJDK 17 (apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  fi
  local ver major
  ver=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  major=${ver%%.*}
  [[ $major == 1 ]] && major=$(echo "$ver" | cut -d. -f2)
  [[ $major =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA ('$ver'); need Java 11+ (17 recommended)"
  ((major >= 11)) || die "$JAVA is Java $ver; Kafka 3.9 here needs Java 11+: install OpenJDK 17 (apt-get install openjdk-17-jre-headless)"
}

strip_ansi() { sed 's/\x1b\[[0-9;]*m//g'; }

pom_hash() { sha256sum "$CONF_DIR/pom.xml" | cut -d' ' -f1; }

# (re)build lib/ with Maven only if it is missing or pom.xml changed since the last build
ensure_lib() {
  local want have=""
  want=$(pom_hash)
  if [[ -f $STAMP ]]; then read -r have 2>/dev/null <"$STAMP" || true; fi
  if [[ -d $LIB && $have == "$want" ]]; then return 0; fi

  command -v mvn >/dev/null 2>&1 ||
    die "mvn not found: install Maven (apt-get install maven); it downloads the Kafka jars into $LIB once"
  echo "kafka: building $LIB with Maven (first start or deploy/kafka/pom.xml changed) ..." >&2
  local t0 tmp="$STATE/lib.tmp" mlog="$LOGS/maven.log"
  t0=$(now_ms)
  rm -rf "$tmp"
  # shellcheck disable=SC2086  # KAFKA_MVN_OPTS is a list of arguments
  if ! (cd "$STATE" && mvn -B -q -Dstyle.color=never -f "$CONF_DIR/pom.xml" ${KAFKA_MVN_OPTS:-} \
        org.apache.maven.plugins:maven-dependency-plugin:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp") \
        >"$mlog" 2>&1 </dev/null; then
    rm -rf "$tmp"
    if grep -qiE 'could not find artifact|was not found in|failure to find' "$mlog"; then
      strip_ansi <"$mlog" | grep -E '^\[ERROR\] .+' | head -n 2 >&2 || true
      die "an artifact named in deploy/kafka/pom.xml does not exist in the Maven repository (typo or wrong version?). Full output: $mlog"
    fi
    if grep -qiE 'could not (transfer|resolve|connect)|unknownhost|unknown host|connection (refused|timed out|reset)|connect timed out|read timed out|network is unreachable|no route to host|pkix|status code: (401|403|407)|transfer failed|offline mode|no plugin found for prefix' "$mlog"; then
      strip_ansi <"$mlog" | grep -E '^\[ERROR\] .+' | head -n 2 >&2 || true
      die "Maven could not download the Kafka jars from the Maven repository (network, proxy or mirror problem). Check access from this machine, proxy/mirror settings in ~/.m2/settings.xml, or pass KAFKA_MVN_OPTS=\"-s <settings.xml>\". Full output: $mlog"
    fi
    strip_ansi <"$mlog" | tail -n 20 >&2
    die "mvn dependency:copy-dependencies failed; full output: $mlog"
  fi
  # sanity: kafka jars present, exactly one SLF4J binding
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but $tmp has no kafka_2.13 jar"
  local bindings
  bindings=$(find "$tmp" -maxdepth 1 \( -name 'slf4j-reload4j-*' -o -name 'slf4j-log4j12-*' -o -name 'logback-classic-*' -o -name 'log4j-slf4j*' \) | wc -l)
  [[ $bindings -eq 1 ]] || die "expected exactly one SLF4J binding in $tmp, found $bindings (check deploy/kafka/pom.xml)"
  rm -rf "$LIB"
  mv "$tmp" "$LIB"
  echo "$want" >"$STAMP"
  echo "kafka: $LIB ready ($(find "$LIB" -name '*.jar' | wc -l) jars, $(du -sh "$LIB" | cut -f1), $(secs_since "$t0"))" >&2
}

render_config() {
  local tpl
  tpl=$(<"$CONF_DIR/server.properties.template")
  tpl=${tpl//@KAFKA_PORT@/"$PORT"}
  tpl=${tpl//@KAFKA_CONTROLLER_PORT@/"$CPORT"}
  tpl=${tpl//@KAFKA_DATA_DIR@/"$DATA"}
  printf '%s\n' "$tpl" >"$PROPS.tmp"
  mv "$PROPS.tmp" "$PROPS"
}

gen_cluster_id() {
  # Kafka cluster ids are base64url (no padding) of 16 random bytes; avoid a leading '-'
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ ${#id} -eq 22 && $id != -* && $id != AAAAAAAAAAAAAAAAAAAAAA ]] && break
  done
  echo "$id"
}

format_storage() {
  if [[ ${KAFKA_KEEP_DATA:-0} == 1 && -f $DATA/meta.properties ]]; then return 0; fi
  rm -rf "$DATA"
  mkdir -p "$DATA"
  local cid=${KAFKA_CLUSTER_ID:-$(gen_cluster_id)}
  if ! "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" -cp "$LIB/*" \
      kafka.tools.StorageTool format -t "$cid" -c "$PROPS" >"$LOGS/format.log" 2>&1 </dev/null; then
    tail -n 20 "$LOGS/format.log" >&2
    die "formatting $DATA failed (full output: $LOGS/format.log)"
  fi
}

launch_broker() {
  local heap jvm_extra
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  read -r -a jvm_extra <<<"${KAFKA_JVM_OPTS:-}"
  [[ -f $OUT ]] && mv -f "$OUT" "$OUT.prev"
  : >"$OUT"
  rm -f "$PIDFILE"
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # The inner bash writes its own pid and then execs java, so the pid file holds the JVM's pid
  # whether or not setsid forks. setsid: own session, so Ctrl-C / SIGHUP of the caller and
  # process-group kills by test runners don't take the broker down. fd 9 (the lock) is closed.
  # shellcheck disable=SC2016  # \$\$ and \$@ are for the inner bash
  (cd "$STATE" && exec "${detach[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-launch "$PIDFILE" \
    nice -n "${KAFKA_NICE:-0}" "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    "${jvm_extra[@]}" \
    "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" "-Dkafka.logs.dir=$LOGS" \
    -cp "$LIB/*" kafka.Kafka "$PROPS") </dev/null >>"$OUT" 2>&1 9>&- &
  echo "$PORT" >"$PORTFILE"
}

# wait for the ready line, then for the TCP port; on failure stop the broker and exit 1
wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT))
  until logged_ready; do
    if ! alive "$pid"; then
      rm -f "$PIDFILE" "$PORTFILE"
      tail -n 30 "$OUT" >&2 || true
      die "broker exited during startup (see $OUT)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$OUT" >&2 || true
      stop_pid "$pid" >/dev/null
      die "broker did not log '$READY_LINE' within ${START_TIMEOUT}s; stopped it (see $OUT)"
    fi
    sleep 0.2
  done
  local port_deadline=$((SECONDS + 10))
  until port_open "$PORT"; do
    if ((SECONDS >= port_deadline)) || ! alive "$pid"; then
      stop_pid "$pid" >/dev/null
      die "broker logged '$READY_LINE' but 127.0.0.1:$PORT does not answer; stopped it (see $OUT)"
    fi
    sleep 0.2
  done
}

# SIGTERM, wait STOP_TIMEOUT, SIGKILL; prints how it ended
stop_pid() {
  local pid=$1 t0 deadline
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && die "pid $pid survived SIGKILL"
    echo "SIGKILL after ${STOP_TIMEOUT}s"
  else
    echo "SIGTERM, $(secs_since "$t0")"
  fi
  rm -f "$PIDFILE" "$PORTFILE"
}

# --- subcommands -------------------------------------------------------------------------

cmd_status() {
  local pid port
  pid=$(broker_pid)
  if [[ -n $pid ]]; then
    port=$(recorded_port)
    if logged_ready && port_open "$port"; then
      say "running (pid $pid, 127.0.0.1:$port)"
      return 0
    fi
    say "starting or unhealthy (pid $pid, 127.0.0.1:$port not ready; see $OUT)"
    return 3
  fi
  local note=""
  if [[ -f $PIDFILE ]]; then note=" (stale pid file)"; fi
  if port_open "$PORT"; then note+=" (note: 127.0.0.1:$PORT is answering, but not a broker started by this script)"; fi
  say "stopped, port $PORT$note"
  return 3
}

cmd_start() {
  local t0 pid port
  t0=$(now_ms)
  # fast path without the lock: already running and answering
  pid=$(broker_pid)
  if [[ -n $pid ]]; then
    port=$(recorded_port)
    [[ $port == "$PORT" ]] || die "already running on 127.0.0.1:$port (pid $pid), not on requested port $PORT; run 'kafka.sh stop' first"
    if logged_ready && port_open "$port"; then
      say "already running (pid $pid, 127.0.0.1:$port)"
      return 0
    fi
  fi

  take_lock
  pid=$(broker_pid)
  if [[ -n $pid ]]; then
    # started by a concurrent caller or still coming up: wait for it instead of starting another
    wait_ready "$pid"
    say "running (pid $pid, 127.0.0.1:$(recorded_port), ready after waiting $(secs_since "$t0"))"
    return 0
  fi
  rm -f "$PIDFILE" "$PORTFILE" # stale (broker died, e.g. kill -9, or pid reused)

  local p
  for p in "$PORT" "$CPORT"; do
    if port_open "$p"; then
      die "127.0.0.1:$p is already in use by a process this script did not start (another Kafka? 'ss -ltnp | grep :$p'). Stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT (and KAFKA_STATE_DIR)."
    fi
  done

  find_java
  ensure_lib
  render_config
  format_storage
  launch_broker
  for _ in $(seq 1 50); do [[ -s $PIDFILE ]] && break; sleep 0.1; done
  read -r pid <"$PIDFILE" || die "broker launch failed: no pid written (see $OUT)"
  wait_ready "$pid"
  say "started (pid $pid, 127.0.0.1:$PORT, controller :$CPORT, $(secs_since "$t0"))"
}

cmd_stop() {
  take_lock
  local pid
  pid=$(broker_pid)
  if [[ -z $pid ]]; then
    rm -f "$PIDFILE" "$PORTFILE"
    say "stopped (was not running)"
    return 0
  fi
  local how
  how=$(stop_pid "$pid")
  say "stopped (pid $pid, $how)"
}

cmd_logs() {
  local follow=0 n=100 which=broker
  while (($#)); do
    case $1 in
      -f | --follow) follow=1 ;;
      -n) n=${2:?-n needs a number}; shift ;;
      maven | format | broker) which=$1 ;;
      *) die "usage: kafka.sh logs [-f] [-n N] [broker|maven|format]" ;;
    esac
    shift
  done
  local f="$OUT"
  [[ $which == maven ]] && f="$LOGS/maven.log"
  [[ $which == format ]] && f="$LOGS/format.log"
  [[ -f $f ]] || die "no log yet at $f"
  if ((follow)); then exec tail -n "$n" -F "$f"; fi
  tail -n "$n" "$f"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop && cmd_start ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
