# shellcheck shell=bash
# What the infra/local scripts share about a daemon they start in the background: its pid file, whether the process
# it names is still theirs (pids get reused), waiting until it answers, and stopping it. Sourced, not run:
#
#   . "$HERE/daemon.sh"
#   daemon_pid <pid-file> <pattern>               print the pid if it lives and its command line matches <pattern>
#   daemon_await <name> <pid> <log> <seconds> <command...>
#                                                 until <command> succeeds; fail if the daemon exits or time runs out
#   daemon_stop <name> <pid-file> <pattern>       SIGTERM, SIGKILL after 10 s; forget the pid
#   daemon_status <name> <pid-file> <pattern> <port-file> <address-format> <answers-command>
#                                                 one line: up (0), not answering or down (3); <address-format> is a
#                                                 printf format of the port, <answers-command> gets the port

daemon_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid="$(cat "$1")"
  case $pid in '' | *[!0-9]*) return 1 ;; esac
  ps -o args= -p "$pid" 2>/dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

daemon_await() {
  local name=$1 pid=$2 log=$3 seconds=$4 i
  shift 4
  for i in $(seq 1 $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2 || true
      echo "$name exited during startup (log: $log)" >&2
      return 1
    fi
    sleep 0.1
  done
  tail -n 20 "$log" >&2 || true
  echo "$name did not answer within $seconds s (log: $log)" >&2
  return 1
}

daemon_stop() {
  local name=$1 pid i
  if pid="$(daemon_pid "$2" "$3")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      [ "$i" -lt 100 ] || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.1
    done
    echo "$name  stopped"
  else
    echo "$name  not running"
  fi
  rm -f "$2"
}

daemon_status() {
  local name=$1 pid port address
  if pid="$(daemon_pid "$2" "$3")"; then
    port="$(cat "$4" 2>/dev/null || echo '?')"
    # shellcheck disable=SC2059 # the format is the caller's
    address="$(printf "$5" "$port")"
    if "$6" "$port"; then
      echo "$name  up  $address  pid $pid"
      return 0
    fi
    echo "$name  not answering  $address  pid $pid"
  else
    echo "$name  down"
  fi
  return 3
}
