#!/usr/bin/env bash
# Local Zipkin (the trace store and UI) for SecureCart: the zipkin-server exec jar from Maven Central, in-memory
# storage, on JDK 21+. The version is the root pom.xml's zipkin-server.version (docker-compose.yml pins the same tag).
# The jar (about 135 MB) is fetched once with Maven into the local repository (~/.m2, or -Dmaven.repo.local given in
# MAVEN_ARGS) and copied next to the state.
#
#   zipkin.sh start  <state-dir> <port>   start on 127.0.0.1:<port> unless already running; wait until it answers
#   zipkin.sh stop   <state-dir>          stop the Zipkin that 'start' recorded in <state-dir>/zipkin.pid
#   zipkin.sh status <state-dir>          up/down (exit 3 if down)
#   zipkin.sh fetch  <state-dir>          only fetch the jar
#
# JAVA overrides the java binary (default: the JDK 21+ infra/local/java-home.sh finds).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=daemon.sh
. "$HERE/daemon.sh"
ROOT="$(cd "$HERE/../.." && pwd)"

die() { echo "zipkin.sh: $*" >&2; exit 1; }

usage() {
  sed -n '7,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

version() { sed -n 's:.*<zipkin-server.version>\(.*\)</zipkin-server.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1; }

jar_in() { echo "$1/zipkin-server-$(version)-exec.jar"; }

cmd_fetch() {
  [ $# -eq 1 ] || usage
  local v jar
  v="$(version)"
  [ -n "$v" ] || die "no <zipkin-server.version> in $ROOT/pom.xml"
  mkdir -p "$1"
  jar="$(jar_in "$1")"
  [ -s "$jar" ] && return 0
  echo "zipkin: fetching io.zipkin:zipkin-server:$v:jar:exec from Maven Central (once, about 135 MB)"
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
  "$ROOT/mvnw" -q -B -ntp ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -N dependency:copy \
    -Dartifact="io.zipkin:zipkin-server:$v:jar:exec" -DoutputDirectory="$1" -Dmdep.overWriteIfNewer=true >&2 ||
    die "could not fetch io.zipkin:zipkin-server:$v:jar:exec"
  [ -s "$jar" ] || die "Maven copied no $jar"
}

answers() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$1/health"; }

running_pid() { daemon_pid "$1/zipkin.pid" zipkin-server; }

cmd_start() {
  [ $# -eq 2 ] || usage
  local port=$2 pid state java
  case $port in '' | *[!0-9]*) die "not a port number: '$port'" ;; esac
  mkdir -p "$1"
  state="$(cd "$1" && pwd -P)"
  if pid="$(running_pid "$state")"; then
    echo "zipkin  already running  http://127.0.0.1:$(cat "$state/zipkin.port" 2>/dev/null || echo "$port")/zipkin/  pid $pid"
    return 0
  fi
  rm -f "$state/zipkin.pid"
  ! answers "$port" || die "port $port already answers: another Zipkin or program runs there; stop it or choose another port"
  cmd_fetch "$state"
  java="${JAVA:-}"
  if [ -z "$java" ]; then
    # shellcheck source=java-home.sh
    java="$(. "$HERE/java-home.sh" >/dev/null 2>&1 && echo "${JAVA_HOME:-}/bin/java" || true)"
    [ -x "$java" ] || java=java
  fi
  # In-memory storage, capped: a local trace store for the last thousand orders or so, not an archive. The cap must
  # fit the heap: at 200,000 spans the 10,000-order soak filled 192 MB within 3,700 orders and Zipkin spent a core
  # on back-to-back full GCs (458 in 13 minutes), which slowed the whole pipeline. Zipkin drops the oldest traces.
  nohup "$java" -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$(jar_in "$state")" \
    --server.port="$port" --server.address=127.0.0.1 --zipkin.storage.mem.max-spans=25000 \
    >"$state/zipkin.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$state/zipkin.pid"
  echo "$port" >"$state/zipkin.port"
  daemon_await Zipkin "$pid" "$state/zipkin.log" 120 answers "$port" ||
    { daemon_stop zipkin "$state/zipkin.pid" zipkin-server >/dev/null; die "Zipkin did not start on port $port"; }
  echo "zipkin  up  http://127.0.0.1:$port/zipkin/  pid $pid  log $state/zipkin.log"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  daemon_stop zipkin "$1/zipkin.pid" zipkin-server
}

cmd_status() {
  [ $# -eq 1 ] || usage
  daemon_status zipkin "$1/zipkin.pid" zipkin-server "$1/zipkin.port" 'http://127.0.0.1:%s/zipkin/' answers || exit 3
}

main() {
  local cmd=${1:-}
  [ $# -eq 0 ] || shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    fetch) cmd_fetch "$@" ;;
    *) usage ;;
  esac
}

main "$@"
