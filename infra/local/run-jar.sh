#!/usr/bin/env bash
# Runs a SecureCart Spring Boot jar the way that starts fast (ADR 19, ADR 23, ADR 26): extracted next to the jar (the
# JVM can archive classes from plain jars on the class path only, not from jars nested in the fat jar), with a startup
# cache of the classes it loads.
#
#   run-jar.sh JAR [ARGS...]
#
# Then it execs java (same pid), with JAVA_TOOL_OPTIONS and the rest of the environment as given.
#
# Environment: JAVA (the java binary; else $JAVA_HOME/bin/java, else java on PATH); SECURECART_STARTUP_CACHE:
#   cds (default)  a dynamic CDS archive written by the JVM when it stops (-XX:+AutoCreateSharedArchive, JDK 19+,
#                  ADR 26): the first start after a build runs without it and costs nothing more; the service's
#                  first stop (SIGTERM, as ./securecart stop and down end it) writes it, and every later start maps it
#   aot            the JDK's AOT cache (JDK 25+, JEP 483/514/515; CDS on older JDKs), made by a training run here: the
#                  application with the same environment, until its context has refreshed
#                  (-Dspring.context.exit=onRefresh: every singleton created, the topology checked, the migrations
#                  run; no listener, no web server, no scheduled task started). Faster starts, but its training run
#                  takes minutes on two busy cores (ADR 19). It needs what the service needs to start (PostgreSQL,
#                  the emulator with the topology): the launcher and the e2e tests start those first. A failed
#                  training run only costs the cache. The provisioner's exec jar, not a Spring application, trains
#                  with a whole run (it provisions, idempotently, and then runs again from the new cache).
#   off            the fat jar as it is: no extraction, no cache
set -euo pipefail

[ $# -ge 1 ] || { sed -n '6p' "$0" >&2; exit 2; }
jar=$1
shift
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
[ -f "$jar" ] || { echo "run-jar.sh: $jar is missing: build it first (./mvnw package)" >&2; exit 1; }
mode="${SECURECART_STARTUP_CACHE:-cds}"
case "$mode" in
  off)
    echo "run-jar.sh: $(basename "$jar" .jar) starts without a startup cache (SECURECART_STARTUP_CACHE=off)"
    exec "$java" -jar "$jar" "$@" ;;
  cds | aot) ;;
  *) echo "run-jar.sh: SECURECART_STARTUP_CACHE=$mode: expected cds, aot or off" >&2; exit 2 ;;
esac

name="$(basename "$jar" .jar)"
dir="$(cd "$(dirname "$jar")" && pwd -P)/aot"
app="$dir/$name.jar"

# JDK major version and build from the JDK's release file (no JVM start for that).
home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")"
runtime="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null || true)"
[ -n "$runtime" ] || runtime="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')"
major="${runtime%%[.+-]*}"
# The cache belongs to one JDK build and one set of JVM flags (the heap's collector, the compiler): a new name for each.
key="$(printf '%s|%s' "$runtime" "${JAVA_TOOL_OPTIONS:-}" | cksum | cut -d' ' -f1)"
# Made by a training run here (aot; cds on a JDK older than 19, which cannot write the archive at exit), or written by
# the service's own JVM when it stops (cds).
trained=yes
if [ "$mode" = aot ] && [ "$major" -ge 25 ] 2>/dev/null; then
  cache="$dir/$name-$key.aot" record=-XX:AOTCacheOutput use=-XX:AOTCache
else
  cache="$dir/$name-$key.jsa" record=-XX:ArchiveClassesAtExit use=-XX:SharedArchiveFile
  if [ "$mode" = cds ] && [ "$major" -ge 19 ] 2>/dev/null; then trained=no; fi
fi

mkdir -p "$dir"
# One extraction and one training at a time per jar (two instances of a service may start together).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dir/.lock"
  flock 9
fi
# The extraction (and with it the cache) is the jar's as long as the jar's bytes are the same. The build is
# reproducible (the parent POM's project.build.outputTimestamp, which also sets every jar's mtime), so a build that did
# not change a service rewrites its jar with the same bytes: it keeps its cache, and only the services a build changed
# train again. The jar's inode change time says cheaply whether it was rewritten at all; its checksum, whether it
# changed.
stamp="$dir/.extracted"
rewritten="$(stat -c '%z %s %i' "$jar" 2>/dev/null || true)"
if [ -z "$rewritten" ] || [ ! -f "$stamp" ] || [ "$(sed -n 1p "$stamp")" != "$rewritten" ]; then
  content="$(cksum <"$jar")"
  if [ ! -f "$stamp" ] || [ "$(sed -n 2p "$stamp")" != "$content" ]; then
    find "$dir" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
    "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" --force >/dev/null
  fi
  printf '%s\n%s\n' "$rewritten" "$content" >"$stamp"
fi
if [ "$trained" = yes ] && [ ! -f "$cache" ]; then
  log="$dir/training.log"
  echo "run-jar.sh: training the startup cache of $name (once per build; log: $log)"
  started=$SECONDS
  # Bounded: a training run that hangs (a database that never answers) must not keep the service from starting.
  bounded=()
  ! command -v timeout >/dev/null 2>&1 || bounded=(timeout 600)
  ${bounded[@]+"${bounded[@]}"} "$java" "$record=$cache.tmp" -Dspring.context.exit=onRefresh -jar "$app" "$@" >"$log" 2>&1 </dev/null &
  trainer=$!
  trap 'kill "$trainer" 2>/dev/null; exit 143' TERM INT
  if wait "$trainer" && [ -s "$cache.tmp" ]; then
    mv -f "$cache.tmp" "$cache"
    echo "run-jar.sh: startup cache of $name made in $((SECONDS - started)) s ($(du -m "$cache" | cut -f1) MB)"
  else
    rm -f "$cache.tmp"
    echo "run-jar.sh: the training run of $name failed (see $log); starting without a startup cache"
  fi
  trap - TERM INT
fi
exec 9>&-
if [ "$trained" = no ]; then
  # One writer per archive: two instances of a service (./securecart up --scale) would otherwise both write it when
  # they stop. The lock is the JVM's once exec'd (it inherits the descriptor), until it exits.
  writer=yes
  if command -v flock >/dev/null 2>&1; then
    exec 8>>"$cache.writer"
    flock -n 8 || writer=no
  fi
  if [ "$writer" = yes ]; then
    # A JVM killed while it wrote the archive leaves a file without its header: the next JVM would neither map it nor
    # write it again, so it goes (a dynamic archive starts with the magic number 0xf00baba8).
    if [ -f "$cache" ] && [ "$(od -An -tx4 -N4 "$cache" | tr -d ' ')" != f00baba8 ]; then rm -f "$cache"; fi
    if [ -f "$cache" ]; then
      echo "run-jar.sh: $name starts with its startup cache ($(basename "$cache"))"
    else
      echo "run-jar.sh: $name starts without a startup cache ($(basename "$cache")); the JVM writes it when it stops"
    fi
    # Maps the archive if it is valid; if not, runs without it and writes it at exit. What the JVM says about the
    # classes it cannot archive (hundreds of lines: proxies, classes defined by the application's loaders) goes to a
    # file of its own, not into the service's log.
    exec "$java" -XX:+AutoCreateSharedArchive "$use=$cache" \
      "-Xlog:cds*=off,aot*=off" "-Xlog:cds*=warning,aot*=warning:file=$dir/archive.log" -jar "$app" "$@"
  fi
  exec 8>&-
fi
# One line that says how it starts (./securecart bench startup reports it next to the start time).
if [ -f "$cache" ]; then
  echo "run-jar.sh: $name starts with its startup cache ($(basename "$cache"))"
  exec "$java" "$use=$cache" -jar "$app" "$@"
fi
if [ "$trained" = no ]; then
  echo "run-jar.sh: $name starts without a startup cache (another instance of it writes it)"
else
  echo "run-jar.sh: $name starts without a startup cache"
fi
exec "$java" -jar "$app" "$@"
