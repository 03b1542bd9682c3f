#!/usr/bin/env bash
# Local PostgreSQL for development and tests (the machine's own cluster, via pg_ctlcluster).
#
#   deploy/scripts/postgres.sh start    start the cluster if 127.0.0.1:$POSTGRES_PORT does not answer,
#                                       then create the databases closegap and closegap_test if missing
#   deploy/scripts/postgres.sh stop     stop the cluster, but only if this script started it
#   deploy/scripts/postgres.sh status   one line; exit 0 if answering, 3 if not
#
# "Started by this script" is recorded in <repo>/.local/postgres/started-by-script.<port>.
#
# Environment:
#   POSTGRES_PORT     default 5432
#   POSTGRES_USER     superuser to connect as (psql -h 127.0.0.1 -U ...), default postgres
#   POSTGRES_CLUSTER  pg_ctlcluster cluster name, default main
#   POSTGRES_VERSION  pg_ctlcluster version, default: newest under /etc/postgresql
#   PGPASSWORD        honoured by psql if the server asks for a password
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE="$REPO_ROOT/.local/postgres"
PG_PORT="${POSTGRES_PORT:-5432}"
MARK="$STATE/started-by-script.$PG_PORT"
PG_USER="${POSTGRES_USER:-postgres}"
PG_CLUSTER="${POSTGRES_CLUSTER:-main}"
DATABASES=(closegap closegap_test)
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

say() { echo "postgres: $*"; }
die() { echo "postgres: ERROR: $*" >&2; exit 1; }
[[ $PG_PORT =~ ^[0-9]+$ ]] || die "POSTGRES_PORT must be a number (got '$PG_PORT')"

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PG_PORT" 2>/dev/null
  fi
}

psql_q() { psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }

# prints the configured databases that do not exist yet
missing_dbs() {
  local have db out
  have=$(psql_q -c "select datname from pg_database" 2>&1) ||
    die "cannot query 127.0.0.1:$PG_PORT as user $PG_USER: ${have//$'\n'/ }"
  out=""
  for db in "${DATABASES[@]}"; do
    grep -qx "$db" <<<"$have" || out+="$db "
  done
  echo "${out% }"
}

pg_version() {
  if [[ -n ${POSTGRES_VERSION:-} ]]; then echo "$POSTGRES_VERSION"; return; fi
  [[ -d /etc/postgresql ]] || die "/etc/postgresql not found: install PostgreSQL (apt-get install postgresql)"
  local v
  # shellcheck disable=SC2012  # version directory names, e.g. 15
  v=$(ls /etc/postgresql | sort -V | tail -n1)
  [[ -n $v ]] || die "no cluster under /etc/postgresql: install PostgreSQL (apt-get install postgresql)"
  echo "$v"
}

cmd_start() {
  local how="already running" ver out
  if ! pg_up; then
    command -v pg_ctlcluster >/dev/null 2>&1 ||
      die "pg_ctlcluster not found: install PostgreSQL (apt-get install postgresql)"
    ver=$(pg_version)
    out=$(pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" start 2>&1 </dev/null) ||
      die "pg_ctlcluster $ver $PG_CLUSTER start failed: ${out//$'\n'/ }"
    mkdir -p "$STATE"
    echo "$ver $PG_CLUSTER" >"$MARK"
    for _ in $(seq 1 60); do pg_up && break; sleep 0.5; done
    pg_up || die "cluster $ver/$PG_CLUSTER started but 127.0.0.1:$PG_PORT does not accept connections after 30s (check its port and listen_addresses)"
    how="started $ver/$PG_CLUSTER"
  fi
  command -v psql >/dev/null 2>&1 || die "psql not found: install the PostgreSQL client (apt-get install postgresql-client)"
  local missing db created=""
  missing=$(missing_dbs)
  for db in $missing; do
    if ! out=$(psql_q -c "CREATE DATABASE \"$db\"" 2>&1); then
      [[ $out == *"already exists"* ]] || die "CREATE DATABASE $db failed: ${out//$'\n'/ }"
    fi
    created+=" $db"
  done
  say "$how on 127.0.0.1:$PG_PORT; databases ${DATABASES[*]} ok${created:+ (created:$created)}"
}

cmd_stop() {
  if [[ ! -f $MARK ]]; then
    if pg_up; then
      say "left running on 127.0.0.1:$PG_PORT (not started by this script)"
    else
      say "stopped (not running)"
    fi
    return 0
  fi
  local ver cluster out
  read -r ver cluster <"$MARK"
  if ! pg_up; then
    rm -f "$MARK"
    say "stopped (was not running)"
    return 0
  fi
  out=$(pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" stop 2>&1 </dev/null) ||
    die "pg_ctlcluster $ver $cluster stop failed: ${out//$'\n'/ }"
  rm -f "$MARK"
  say "stopped $ver/$cluster (it was started by this script)"
}

cmd_status() {
  if pg_up; then
    local owner="external" missing
    [[ -f $MARK ]] && owner="started by this script"
    missing=""
    command -v psql >/dev/null 2>&1 && missing=$(missing_dbs)
    say "running on 127.0.0.1:$PG_PORT ($owner)${missing:+; missing databases: $missing (run postgres.sh start)}"
    return 0
  fi
  say "stopped (127.0.0.1:$PG_PORT not answering)"
  return 3
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
