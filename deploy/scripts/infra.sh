#!/usr/bin/env bash
# Local infrastructure for development and tests: PostgreSQL, Redis and a Kafka broker.
#
#   deploy/scripts/infra.sh up       postgres + redis + kafka started and ready (quick if already up)
#   deploy/scripts/infra.sh down     kafka stopped; postgres/redis stopped only if these scripts started them
#   deploy/scripts/infra.sh status   one line per component; exit 0 if all three are up, 3 if not
#
# Each component is also available on its own: deploy/scripts/{postgres,redis,kafka}.sh.
# Environment: see those scripts (POSTGRES_PORT, REDIS_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, ...).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

run_all() {
  local action=$1 rc=0 c
  shift
  for c in "$@"; do
    "$SCRIPT_DIR/$c.sh" "$action" || rc=$?
  done
  return "$rc"
}

case ${1:-} in
  up)
    run_all start postgres redis kafka || { echo "infra: NOT ready (see errors above)" >&2; exit 1; }
    ;;
  down)
    run_all stop kafka redis postgres
    ;;
  status)
    run_all status postgres redis kafka || exit 3
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
