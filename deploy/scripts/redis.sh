#!/usr/bin/env bash
# Local Redis for development and tests.
#
#   deploy/scripts/redis.sh start    if 'redis-cli -h 127.0.0.1 ping' fails, start a throwaway
#                                    redis-server (127.0.0.1 only, no persistence)
#   deploy/scripts/redis.sh stop     stop it, but only if this script started it
#   deploy/scripts/redis.sh status   one line; exit 0 if answering, 3 if not
#
# State in <repo>/.local/redis/: started-by-script.<port> (pid), redis-<port>.pid, redis-<port>.log.
#
# Environment:
#   REDIS_PORT     default 6379
#   REDISCLI_AUTH  password, if an existing server requires one (read by redis-cli itself)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE="$REPO_ROOT/.local/redis"
R_PORT="${REDIS_PORT:-6379}"
MARK="$STATE/started-by-script.$R_PORT"

say() { echo "redis: $*"; }
die() { echo "redis: ERROR: $*" >&2; exit 1; }
[[ $R_PORT =~ ^[0-9]+$ ]] || die "REDIS_PORT must be a number (got '$R_PORT')"

need_cli() {
  command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found: install Redis (apt-get install redis-server)"
}

# 0 = answering (PONG, or a password-protected server saying NOAUTH), 1 = not
redis_up() {
  local r
  r=$(timeout 2 redis-cli -h 127.0.0.1 -p "$R_PORT" ping 2>/dev/null) || return 1
  [[ $r == PONG || $r == NOAUTH* ]]
}

# pid recorded by this script, if that process is still a live redis-server
our_pid() {
  local pid=""
  if [[ -f $MARK ]]; then read -r pid 2>/dev/null <"$MARK" || true; fi
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  if [[ -r /proc/$pid/cmdline ]]; then
    [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *redis-server* ]] || return 0
  fi
  echo "$pid"
}

cmd_start() {
  need_cli
  if redis_up; then
    local owner="not started by this script"
    [[ -n $(our_pid) ]] && owner="started by this script, pid $(our_pid)"
    say "already running on 127.0.0.1:$R_PORT ($owner)"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found: install Redis (apt-get install redis-server)"
  mkdir -p "$STATE"
  rm -f "$MARK" "$STATE/redis-$R_PORT.pid"
  local out
  out=$(redis-server --daemonize yes --bind 127.0.0.1 --port "$R_PORT" --save "" --appendonly no \
    --dir "$STATE" --pidfile "$STATE/redis-$R_PORT.pid" --logfile "$STATE/redis-$R_PORT.log" 2>&1 </dev/null) ||
    die "redis-server failed to start: ${out//$'\n'/ } (see $STATE/redis-$R_PORT.log)"
  for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
  redis_up || die "redis-server started but 127.0.0.1:$R_PORT does not answer after 5s (see $STATE/redis-$R_PORT.log)"
  for _ in $(seq 1 20); do [[ -s $STATE/redis-$R_PORT.pid ]] && break; sleep 0.1; done
  cp "$STATE/redis-$R_PORT.pid" "$MARK"
  say "started on 127.0.0.1:$R_PORT (pid $(<"$MARK"), no persistence)"
}

cmd_stop() {
  if [[ ! -f $MARK ]]; then
    if redis_up; then say "left running on 127.0.0.1:$R_PORT (not started by this script)"; else say "stopped (not running)"; fi
    return 0
  fi
  local pid
  pid=$(our_pid)
  if [[ -z $pid ]]; then
    rm -f "$MARK"
    say "stopped (was not running)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  rm -f "$MARK"
  say "stopped (pid $pid, it was started by this script)"
}

cmd_status() {
  need_cli
  if redis_up; then
    local owner="external" pid
    pid=$(our_pid)
    [[ -n $pid ]] && owner="started by this script, pid $pid"
    say "running on 127.0.0.1:$R_PORT ($owner)"
    return 0
  fi
  say "stopped (127.0.0.1:$R_PORT not answering)"
  return 3
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
