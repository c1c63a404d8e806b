#!/usr/bin/env bash
# Local moto (the AWS emulator for SQS, SNS, EventBridge and Step Functions) for SecureCart, run through the team's
# patched moto_fast.py (much faster SQS under a backlog, Step Functions fixed for server mode). 'start' also switches
# Step Functions execution on: moto only records executions unless told to run them (the setting survives
# /moto-api/reset, so tests that reset moto keep it).
#
#   moto.sh start  <state-dir> <port>   start on 127.0.0.1:<port> unless already running; wait until it answers
#   moto.sh stop   <state-dir>          stop the moto that 'start' recorded in <state-dir>/moto.pid
#   moto.sh status <state-dir>          up/down (exit 3 if down)
#   moto.sh check                       python3, moto and curl are there (exit 1 with an install hint)
#
# PYTHON overrides the interpreter (default python3).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=daemon.sh
. "$HERE/daemon.sh"
PYTHON="${PYTHON:-python3}"

die() { echo "moto.sh: $*" >&2; exit 1; }

usage() {
  sed -n '7,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

cmd_check() {
  command -v "$PYTHON" >/dev/null 2>&1 ||
    die "$PYTHON not found. Install Python 3 (Debian/Ubuntu: apt-get install -y python3 python3-pip; macOS: brew install python), then: pip install 'moto[server]==5.2.1'"
  # moto_server also needs flask and flask_cors, which only the [server] extra brings. Found, not imported: importing
  # moto takes a second, and 'up' checks twice.
  local v
  v="$("$PYTHON" -c 'import importlib.util as found, importlib.metadata as installed
assert all(found.find_spec(m) for m in ("moto", "flask", "flask_cors"))
print(installed.version("moto"))' 2>/dev/null)" ||
    die "moto's server is not importable by $PYTHON ($(command -v "$PYTHON")). Install it: pip install 'moto[server]==5.2.1'"
  command -v curl >/dev/null 2>&1 || die "curl not found: apt-get install -y curl (macOS: brew install curl)"
  case $v in
    5.2.*) echo "moto $v ($PYTHON: $(command -v "$PYTHON"))" ;;
    *) echo "moto $v: moto_fast.py patches only 5.2.x and will run stock (slower) moto; the team uses 5.2.1" ;;
  esac
}

answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/moto-api/"; }

# moto runs state machines (its ASL interpreter) only once this is set; GET /moto-api/config does not show it.
execute_state_machines() {
  curl -sf -o /dev/null --max-time 5 -X POST -H 'Content-Type: application/json' \
    -d '{"stepfunctions": {"execute_state_machine": true}}' "http://127.0.0.1:$1/moto-api/config" ||
    die "could not switch Step Functions execution on at http://127.0.0.1:$1/moto-api/config"
}

# Prints the pid recorded in <state>/moto.pid if that process is still our moto (pids get reused).
running_pid() { daemon_pid "$1/moto.pid" moto_fast.py; }

cmd_start() {
  [ $# -eq 2 ] || usage
  local port=$2 pid
  case $port in '' | *[!0-9]*) die "not a port number: '$port'" ;; esac
  cmd_check >/dev/null
  mkdir -p "$1"
  local state
  state="$(cd "$1" && pwd -P)"
  if pid="$(running_pid "$state")"; then
    local have
    have="$(cat "$state/moto.port" 2>/dev/null || echo '?')"
    [ "$have" = "$port" ] || die "moto from $state is already running on port $have (pid $pid); stop it first"
    execute_state_machines "$port"
    echo "moto  already running  http://127.0.0.1:$port  pid $pid  log $state/moto.log"
    return 0
  fi
  rm -f "$state/moto.pid"
  ! answers "$port" || die "port $port already answers: another moto or program runs there; stop it or choose another port"
  # Output to the log and stdin from /dev/null, so a caller reading our output (a test harness) is not kept waiting.
  # moto_server keeps an inherited MOTO_PORT, and Step Functions' integrations call back into moto on it: always this
  # moto's own port (an exported MOTO_PORT for another moto made every execution fail with States.Runtime).
  # MOTO_FAST_PRELOAD: the services infra/topology.json declares, imported before moto_fast freezes its start-up
  # objects out of the garbage collector's way (patch 21).
  MOTO_PORT="$port" MOTO_FAST_PRELOAD="${MOTO_FAST_PRELOAD:-sqs,sns,events,stepfunctions,kinesis,dynamodb,s3,kms,cloudwatch}" \
    nohup "$PYTHON" "$HERE/moto_fast.py" -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$state/moto.pid"
  echo "$port" >"$state/moto.port"
  daemon_await moto "$pid" "$state/moto.log" 30 answers "$port" ||
    { daemon_stop moto "$state/moto.pid" moto_fast.py >/dev/null; die "moto did not start on port $port"; }
  execute_state_machines "$port"
  echo "moto  up  http://127.0.0.1:$port  pid $pid  log $state/moto.log"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  daemon_stop moto "$1/moto.pid" moto_fast.py
}

cmd_status() {
  [ $# -eq 1 ] || usage
  daemon_status moto "$1/moto.pid" moto_fast.py "$1/moto.port" 'http://127.0.0.1:%s' answers || exit 3
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
