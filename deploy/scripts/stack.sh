#!/usr/bin/env bash
# The whole streaming stack on this machine, no Docker: Kafka, PostgreSQL and Redis
# (deploy/scripts/infra.sh), migrations, topics, and the five services as background node
# processes from dist/ (pid files and logs under .local/stack/).
#
#   npm run stack -- up       build, infra up, migrate, topics, start the services; returns when all are healthy
#   npm run stack -- down     stop the services, and the infrastructure if `up` started it
#   npm run stack -- status   one line per component; exit 0 if everything is up, 3 if not
#   npm run stack -- logs NAME [-f]   a service's log (crm-ingestion, timesheet-ingestion, finance-ingestion, matching, alerting, presend)
#
# Environment: the services' own variables (KAFKA_BROKERS, DATABASE_URL, REDIS_URL,
# KAFKA_TOPIC_PREFIX, DATABASE_SCHEMA, MATCHING_GROUP_ID, OTEL_EXPORTER_OTLP_ENDPOINT, ...;
# see docs/streaming.md), plus
#   STACK_DIR             state folder (default <repo>/.local/stack)
#   STACK_BASE_PORT       HTTP ports (default 3000: 3001 crm, 3002 timesheets, 3003 finance, 3004.. matching,
#                         3020 alerting (the console), 3021 presend)
#   STACK_ADMIN_PASSWORD  the console's first admin password (default: generated, kept in STACK_DIR/admin-password)
#   STACK_MATCHING        number of matching instances (default 1; ports BASE+4, BASE+5, ...)
#   STACK_READY_TIMEOUT   seconds to wait for the services to be healthy (default 120)
#   KAFKA_KEEP_DATA       the stack keeps the broker's data across restarts (default 1 here)
#   STACK_BACKGROUND_NICE CPU niceness of the streaming services and of the Kafka broker the stack
#                         starts (default 10; 0 = all equal). The pre-send check answers a caller
#                         who is waiting; ingestion, matching and alerting are throughput work that
#                         can wait a few milliseconds. On two shared cores their bursts held the
#                         presend workers off the CPU for 30-200 ms (docs/presend.md, Benchmark).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE="${STACK_DIR:-$ROOT/.local/stack}"
BASE="${STACK_BASE_PORT:-3000}"
MATCHING_N="${STACK_MATCHING:-1}"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-120}"
BACKGROUND_NICE="${STACK_BACKGROUND_NICE:-10}"
export KAFKA_KEEP_DATA="${KAFKA_KEEP_DATA:-1}"
export NO_COLOR=1

say() { echo "stack: $*"; }
die() { echo "stack: ERROR: $*" >&2; exit 1; }

# name:app:port
services() {
  echo "crm-ingestion:crm-ingestion:$((BASE + 1))"
  echo "timesheet-ingestion:timesheet-ingestion:$((BASE + 2))"
  echo "finance-ingestion:finance-ingestion:$((BASE + 3))"
  local i
  for ((i = 0; i < MATCHING_N; i++)); do
    if ((i == 0)); then echo "matching:matching:$((BASE + 4))"; else echo "matching-$((i + 1)):matching:$((BASE + 4 + i))"; fi
  done
  echo "alerting:alerting:$((BASE + 20))"
  echo "presend:presend:$((BASE + 21))"
}

# Secrets the stack makes once and keeps (0600) under STACK_DIR: the console's first admin
# password and the pre-send API key with the tenants document that holds its hash.
secrets() {
  umask 077
  if [[ ! -f $STATE/admin-password ]]; then
    echo "${STACK_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)}" >"$STATE/admin-password"
  fi
  if [[ ! -f $STATE/presend-api-key.sha256 ]]; then
    local out
    out=$(node "$ROOT/dist/apps/presend/src/main.js" keygen)
    awk '/^key:/ {print $2}' <<<"$out" >"$STATE/presend-api-key"
    awk '/^sha256:/ {print $2}' <<<"$out" >"$STATE/presend-api-key.sha256"
  fi
  # written on every `up`: the tenant's namespace follows KAFKA_TOPIC_PREFIX and DATABASE_SCHEMA
  printf '[{"id":"default","topic_prefix":"%s","database_schema":"%s","api_keys":[{"id":"stack","sha256":"%s","scopes":["invoices:check","webhooks:quickbooks"]}]}]\n' \
    "${KAFKA_TOPIC_PREFIX:-}" "${DATABASE_SCHEMA:-streaming}" "$(cat "$STATE/presend-api-key.sha256")" >"$STATE/presend-tenants.json"
  umask 022
}

alive() { [[ -f $STATE/$1.pid ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/health" >/dev/null 2>&1; }

start_one() {
  local name=$1 app=$2 port=$3 extra=()
  if alive "$name"; then say "$name already running (pid $(cat "$STATE/$name.pid"))"; return; fi
  case $app in
    crm-ingestion) extra=(INGEST_DROP_DIR="${CRM_DROP_DIR:-$STATE/drop/crm}") ;;
    timesheet-ingestion) extra=(INGEST_DROP_DIR="${TIMESHEET_DROP_DIR:-$STATE/drop/timesheets}") ;;
    finance-ingestion) extra=(INGEST_DROP_DIR="${FINANCE_DROP_DIR:-$STATE/drop/finance}") ;;
    matching) extra=(MATCHING_INSTANCE_ID="$name-$(hostname)") ;;
    alerting) extra=(KAFKA_ENABLED=true ADMIN_INITIAL_PASSWORD="$(cat "$STATE/admin-password")" DIGEST_DIR="$STATE/digests") ;;
    # one worker per core, each with the whole live state (the workers' V8 settings: apps/presend/src/main.ts)
    presend) extra=(PRESEND_TENANTS_FILE="$STATE/presend-tenants.json" PRESEND_WORKERS="${PRESEND_WORKERS:-$(nproc)}") ;;
  esac
  mkdir -p "$STATE/drop/crm" "$STATE/drop/timesheets" "$STATE/drop/finance"
  local niceness=$BACKGROUND_NICE
  [[ $app == presend ]] && niceness=0
  env PORT="$port" "${extra[@]}" nohup nice -n "$niceness" node "$ROOT/dist/apps/$app/src/main.js" >>"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
  say "$name started (pid $!, :$port, log $STATE/$name.log)"
}

stop_one() {
  local name=$1 pid i
  [[ -f $STATE/$name.pid ]] || return 0
  pid=$(cat "$STATE/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; say "$name killed (did not stop in 15 s)"; else say "$name stopped"; fi
  fi
  rm -f "$STATE/$name.pid"
}

up() {
  mkdir -p "$STATE"
  if ! bash "$SCRIPT_DIR/infra.sh" status >/dev/null 2>&1; then
    # the broker's collector on one thread (G1's default here is one per core): its concurrent
    # cycles otherwise took both cores for ~50 ms at a time, niceness or not
    KAFKA_NICE="${KAFKA_NICE:-$BACKGROUND_NICE}" KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:ParallelGCThreads=1 -XX:ConcGCThreads=1}" bash "$SCRIPT_DIR/infra.sh" up
    touch "$STATE/infra.started-by-stack"
  else
    say "infrastructure already up"
  fi
  (cd "$ROOT" && node tools/build.mjs --quiet)
  node "$ROOT/dist/apps/recon/src/main.js" migrate
  node "$ROOT/dist/apps/recon/src/main.js" topics >/dev/null
  say "topics ready"
  secrets
  local line name app port
  while IFS=: read -r name app port; do start_one "$name" "$app" "$port"; done < <(services)
  local deadline=$((SECONDS + READY_TIMEOUT)) waiting
  while :; do
    waiting=()
    while IFS=: read -r name app port; do
      alive "$name" || die "$name exited during start-up; see $STATE/$name.log: $(tail -n 3 "$STATE/$name.log" | tr '\n' ' ')"
      healthy "$port" || waiting+=("$name")
    done < <(services)
    ((${#waiting[@]} == 0)) && break
    ((SECONDS < deadline)) || die "not healthy within ${READY_TIMEOUT}s: ${waiting[*]} (logs in $STATE)"
    sleep 0.5
  done
  say "ready: $(services | awk -F: '{printf "%s :%s  ", $1, $3}')"
  say "console: http://127.0.0.1:$((BASE + 20))/ (user admin, password in $STATE/admin-password)"
  say "pre-send: http://127.0.0.1:$((BASE + 21))/v1/invoices/check (x-api-key in $STATE/presend-api-key)"
}

down() {
  local name app port
  while IFS=: read -r name app port; do stop_one "$name"; done < <(services)
  for f in "$STATE"/matching-*.pid; do [[ -e $f ]] && stop_one "$(basename "$f" .pid)"; done
  if [[ -f $STATE/infra.started-by-stack ]]; then
    bash "$SCRIPT_DIR/infra.sh" down
    rm -f "$STATE/infra.started-by-stack"
  else
    say "infrastructure left running (it was up before the stack)"
  fi
}

status() {
  local rc=0 name app port
  bash "$SCRIPT_DIR/infra.sh" status || rc=3
  while IFS=: read -r name app port; do
    if ! alive "$name"; then echo "$name: not running"; rc=3
    elif healthy "$port"; then echo "$name: running (pid $(cat "$STATE/$name.pid"), :$port, healthy)"
    else echo "$name: running (pid $(cat "$STATE/$name.pid"), :$port) but NOT healthy: $(curl -sS -m 2 "http://127.0.0.1:$port/health" 2>&1 | head -c 300)"; rc=3
    fi
  done < <(services)
  return $rc
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status || exit 3 ;;
  logs)
    [[ -n ${2:-} ]] || die "usage: stack.sh logs NAME [-f]"
    if [[ ${3:-} == -f ]]; then tail -f "$STATE/$2.log"; else tail -n 100 "$STATE/$2.log"; fi
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
