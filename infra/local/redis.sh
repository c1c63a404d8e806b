#!/usr/bin/env bash
# Local Redis for SecureCart: inventory-service's shared catalog cache (ElastiCache on AWS, the redis image in
# docker-compose.yml; ADR 13). Debian's redis-server, on 127.0.0.1 only, nothing persisted (a cache starts empty),
# memory capped with least-recently-used eviction, as a cache node is.
#
#   redis.sh start  <state-dir> <port>   start on 127.0.0.1:<port> unless already running; wait until it answers
#   redis.sh stop   <state-dir>          stop the Redis that 'start' recorded in <state-dir>/redis.pid
#   redis.sh status <state-dir>          up/down (exit 3 if down)
#   redis.sh check                       redis-server and redis-cli are there (exit 1 with an install hint)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=daemon.sh
. "$HERE/daemon.sh"

# As docker-compose.yml's redis command: enough for the catalog's hot products, evicting the least recently used.
MAX_MEMORY=64mb

die() { echo "redis.sh: $*" >&2; exit 1; }

usage() {
  sed -n '7,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

cmd_check() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ||
    die "redis-server not found: apt-get install -y redis-server (macOS: brew install redis)"
  redis-server --version
}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

cmd_start() {
  [ $# -eq 2 ] || usage
  local port=$2 pid state
  case $port in '' | *[!0-9]*) die "not a port number: '$port'" ;; esac
  cmd_check >/dev/null
  mkdir -p "$1"
  state="$(cd "$1" && pwd -P)"
  if pid="$(daemon_pid "$state/redis.pid" redis-server)"; then
    local have
    have="$(cat "$state/redis.port" 2>/dev/null || echo '?')"
    [ "$have" = "$port" ] || die "Redis from $state is already running on port $have (pid $pid); stop it first"
    echo "redis  already running  127.0.0.1:$port  pid $pid  log $state/redis.log"
    return 0
  fi
  rm -f "$state/redis.pid"
  ! answers "$port" || die "port $port already answers: another Redis runs there; stop it or choose another port"
  # In the foreground under nohup, so that the pid is Redis' own; output to the log, stdin from /dev/null.
  nohup redis-server --bind 127.0.0.1 --port "$port" --dir "$state" --save '' --appendonly no \
    --maxmemory "$MAX_MEMORY" --maxmemory-policy allkeys-lru >"$state/redis.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$state/redis.pid"
  echo "$port" >"$state/redis.port"
  daemon_await redis "$pid" "$state/redis.log" 30 answers "$port" ||
    { daemon_stop redis "$state/redis.pid" redis-server >/dev/null; die "Redis did not start on port $port"; }
  echo "redis  up  127.0.0.1:$port  pid $pid  log $state/redis.log"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  daemon_stop redis "$1/redis.pid" redis-server
}

cmd_status() {
  [ $# -eq 1 ] || usage
  daemon_status redis "$1/redis.pid" redis-server "$1/redis.port" '127.0.0.1:%s' answers || exit 3
}

main() {
  local cmd=${1:-}
  [ $# -eq 0 ] || shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    check) cmd_check ;;
    *) usage ;;
  esac
}

main "$@"
