#!/usr/bin/env bash
# Local PostgreSQL primary + hot-standby streaming replica for SecureCart (development and integration tests).
#
#   postgres.sh start   <state-dir> <primary-port> <replica-port>   create on first use, start, wait until ready
#   postgres.sh stop    <state-dir>                                  fast shutdown of both servers
#   postgres.sh stop-replica  <state-dir>                            fast shutdown of the replica only (the primary keeps running)
#   postgres.sh start-replica <state-dir>                            start the replica again, wait until it streams
#   postgres.sh crash-restart-primary <state-dir>                    immediate shutdown of the primary (as a crash), start it, wait until the replica streams
#   postgres.sh status  <state-dir>                                  up/down, recovery, replication lag (exit 3 if not healthy)
#   postgres.sh destroy <state-dir>                                  stop, then delete both clusters
#   postgres.sh check                                                find the server binaries (exit 1 with an install hint)
#
# Both servers listen on 127.0.0.1 only. Role securecart/securecart owns the databases checkout, payment, inventory,
# fulfillment, notification and auth (the issuer's authorizations and rate-limit buckets). PG_BINDIR overrides where binaries are looked for.
# Replication needs a password (scram-sha-256), never trust: the role replicator gets a random one when the primary is
# first started, kept in <data>/replication.pgpass (mode 600, the server's OS user's), which pg_basebackup and the
# replica's primary_conninfo read as their passfile, so it is never written into postgresql.auto.conf. The Unix socket
# is reachable by the server's OS user only (unix_socket_permissions = 0700), so its trust stands for that user alone.
# These are local development and test clusters: securecart may also pause and resume WAL replay on the replica
# (pg_wal_replay_pause/pg_wal_replay_resume, granted on the primary and replicated), so that tests can hold the
# replica back and prove how the services behave while it lags.
set -euo pipefail

readonly SLOT=replica_slot APP_NAME=securecart_replica REPLICATION_USER=replicator
readonly DATABASES="checkout payment inventory fulfillment notification auth"

die() { echo "postgres.sh: $*" >&2; exit 1; }

usage() {
  sed -n '4,11s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

find_bindir() {
  local d candidates=()
  [ -z "${PG_BINDIR:-}" ] || candidates+=("$PG_BINDIR")
  if command -v pg_config >/dev/null 2>&1; then candidates+=("$(pg_config --bindir 2>/dev/null || true)"); fi
  # Debian's pg_config may come from libpq-dev of another version than the server, so also look where servers live.
  candidates+=(/usr/lib/postgresql/15/bin)
  while IFS= read -r d; do candidates+=("$d"); done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
  candidates+=(/opt/homebrew/opt/postgresql@15/bin /usr/local/opt/postgresql@15/bin)
  if command -v initdb >/dev/null 2>&1; then candidates+=("$(dirname "$(command -v initdb)")"); fi
  for d in "${candidates[@]}"; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pg_basebackup" ] && [ -x "$d/postgres" ]; then
      echo "$d"; return 0
    fi
  done
  return 1
}

init_tools() {
  BIN="$(find_bindir)" || die "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found. Install them:
  Debian/Ubuntu: apt-get install -y postgresql
  macOS:         brew install postgresql@15
or point PG_BINDIR at the directory that holds initdb."
  PSQL="$BIN/psql"
  [ -x "$PSQL" ] || PSQL="$(command -v psql)" || die "psql not found: apt-get install -y postgresql-client (macOS: brew install postgresql@15)"
  local major
  major="$("$BIN/postgres" --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')"
  [ "${major:-0}" -ge 12 ] || die "PostgreSQL $major in $BIN is too old: 12 or newer is needed (15 is what the team uses)"
  # initdb and postgres refuse to run as root, so as root every server-side command runs as the postgres OS user.
  AS_PG=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' OS user to run the servers as (initdb refuses root).
  apt-get install -y postgresql creates it, or: useradd --system --user-group --home-dir /var/lib/postgresql postgres"
    AS_PG=(runuser -u postgres --)
  fi
}

# Runs a command as the server's OS user, from / so that runuser never starts in a directory postgres cannot enter.
as_pg() { (cd / && ${AS_PG[@]+"${AS_PG[@]}"} "$@"); }

is_cluster() { [ -f "$1/PG_VERSION" ]; }

is_running() { is_cluster "$1" && as_pg "$BIN/pg_ctl" status -D "$1" >/dev/null 2>&1; }

conf_port() { # $1: data dir; the last port setting wins, postgresql.auto.conf over postgresql.conf
  local f v p=5432
  for f in "$1/postgresql.conf" "$1/postgresql.auto.conf"; do
    [ -f "$f" ] || continue
    v="$(sed -n "s/^[[:space:]]*port[[:space:]]*=[[:space:]]*'\{0,1\}\([0-9][0-9]*\).*/\1/p" "$f" | tail -n 1)"
    [ -z "$v" ] || p="$v"
  done
  echo "$p"
}

sql() { # $1: data dir, $2: database, $3: SQL; prints unaligned tuples
  as_pg "$PSQL" -X -q -At -F ' ' -v ON_ERROR_STOP=1 -h "$DATA/run" -p "$(conf_port "$1")" -U postgres -d "$2" -c "$3"
}

# Sets STATE (absolute path) and DATA (where the clusters live). DATA is STATE itself unless the clusters were put
# elsewhere (see place_data), in which case STATE/primary is a symlink into DATA.
locate() {
  STATE="$(cd "$1" && pwd -P)"
  DATA="$STATE"
  if [ -L "$STATE/primary" ]; then DATA="$(dirname "$(readlink "$STATE/primary")")"; fi
}

# Before the first initdb: as root the servers run as postgres, which must be able to reach STATE. A test harness's
# temporary directory is often mode 700 under root, and we must not loosen directories we did not create, so then
# the clusters go into a postgres-owned directory under /tmp, linked from STATE. Same if a Unix socket path in
# STATE would be too long (the kernel limit is about 104 bytes).
place_data() {
  [ ! -e "$STATE/primary" ] || return 0
  local reachable=yes
  if [ ${#AS_PG[@]} -gt 0 ]; then
    # Hand the state dir to postgres only while it is empty, i.e. it was made for this purpose.
    if [ -z "$(find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock | head -n 1)" ]; then chown postgres: "$STATE"; fi
    as_pg test -w "$STATE" -a -x "$STATE" || reachable=no
  fi
  [ "${#STATE}" -lt 80 ] || reachable=no
  [ "$reachable" = no ] || return 0
  DATA="/tmp/securecart-pg.$(printf '%s' "$STATE" | cksum | cut -d ' ' -f 1)"
  as_pg mkdir -p -m 700 "$DATA"
  as_pg test -O "$DATA" || die "$DATA exists but belongs to another user"
  printf '%s\n' "$STATE" >"$DATA/state-dir"
  local f
  for f in primary replica primary.log replica.log; do ln -sfn "$DATA/$f" "$STATE/$f"; done
  echo "postgres.sh: $STATE is not usable by the server user (or its path is too long); data is in $DATA" >&2
}

# Removes /tmp/securecart-pg.* directories whose state dir is gone (deleted without 'destroy') and whose servers are down.
collect_orphans() {
  local d owner
  for d in /tmp/securecart-pg.*; do
    [ -f "$d/state-dir" ] || continue
    owner="$(cat "$d/state-dir")"
    [ "$(readlink "$owner/primary" 2>/dev/null || true)" != "$d/primary" ] || continue
    if is_running "$d/primary" || is_running "$d/replica"; then continue; fi
    rm -rf "$d"
  done
}

init_primary() { # $1: port
  local tmp="$DATA/primary.new"
  rm -rf "$tmp" # left over by an interrupted first start; the cluster is only moved into place once configured
  as_pg mkdir -p "$DATA/run"
  # 4 MB WAL segments instead of 16: a throwaway pair of clusters then takes about 150 MB instead of 180.
  if ! as_pg "$BIN/initdb" -D "$tmp" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 \
      --wal-segsize=4 --no-sync >"$STATE/initdb.log" 2>&1; then
    cat "$STATE/initdb.log" >&2; die "initdb failed"
  fi
  cat >>"$tmp/postgresql.conf" <<EOF

# SecureCart local primary (infra/local/postgres.sh)
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$DATA/run'
unix_socket_permissions = 0700
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
# Replica reads in tests must not be cancelled by vacuum on the primary.
hot_standby_feedback = on
EOF
  write_hba "$tmp" || true
  mv "$tmp" "$DATA/primary"
}

# Who may connect to the primary, and how. Rewritten on every start, so that clusters created by an older version of
# this script (which trusted replication) lose that trust too. Returns 1 when the file changed (a reload is needed).
write_hba() { # $1: data dir
  local wanted
  wanted="# TYPE  DATABASE     USER        ADDRESS        METHOD
# The socket is the server's OS user's alone (unix_socket_permissions = 0700): this script's own administration.
local   all          all                        trust
# Replication and every TCP connection need a password; nothing replicates over the socket.
host    replication  $REPLICATION_USER  127.0.0.1/32   scram-sha-256
host    all          all         127.0.0.1/32   scram-sha-256"
  if [ "$(as_pg cat "$1/pg_hba.conf" 2>/dev/null || true)" = "$wanted" ]; then return 0; fi
  printf '%s\n' "$wanted" | as_pg tee "$1/pg_hba.conf" >/dev/null
  return 1
}

passfile() { echo "$DATA/replication.pgpass"; }

# The replication password: created once, random, in a passfile only the server's OS user can read. The role's
# password is set from it on every start (cheap, and it repairs a cluster whose role had none).
ensure_replication_password() {
  local file password
  file="$(passfile)"
  if ! as_pg test -s "$file"; then
    password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    # pgpass format: host:port:database:user:password; "replication" matches physical replication connections.
    printf '127.0.0.1:*:replication:%s:%s\n' "$REPLICATION_USER" "$password" |
      as_pg sh -c "umask 077 && cat >'$file'"
  fi
  password="$(as_pg cat "$file" | cut -d: -f5)"
  # Through stdin, not -c: the password must not show in the process list.
  printf "ALTER ROLE %s REPLICATION LOGIN PASSWORD '%s';\n" "$REPLICATION_USER" "$password" |
    as_pg "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$DATA/run" -p "$(conf_port "$DATA/primary")" -U postgres \
      -d postgres -f - >/dev/null
}

# The replica's settings: its port, its slot, and how it reaches the primary (the password from the passfile).
write_replica_conf() { # $1: data dir, $2: primary port, $3: replica port
  as_pg tee "$1/postgresql.auto.conf" >/dev/null <<CONF
# Do not edit this file manually!
# It will be overwritten by the ALTER SYSTEM command.
primary_conninfo = 'host=127.0.0.1 port=$2 user=$REPLICATION_USER passfile=$(passfile) application_name=$APP_NAME'
primary_slot_name = '$SLOT'
port = $3
CONF
}

ensure_roles_and_databases() {
  local d
  sql "$DATA/primary" postgres "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN CREATE ROLE replicator; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'securecart') THEN CREATE ROLE securecart; END IF;
    END \$\$;
    ALTER ROLE securecart LOGIN CREATEDB PASSWORD 'securecart';" >/dev/null
  for d in $DATABASES; do
    # CREATE DATABASE cannot run inside a DO block, hence one query per database.
    if [ -z "$(sql "$DATA/primary" postgres "SELECT 1 FROM pg_database WHERE datname = '$d'")" ]; then
      sql "$DATA/primary" postgres "CREATE DATABASE $d OWNER securecart" >/dev/null
    fi
  done
  # Function privileges live in each database's catalog; the GRANTs reach the replica by replication.
  for d in postgres $DATABASES; do
    sql "$DATA/primary" "$d" "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO securecart" >/dev/null
  done
}

clone_replica() { # $1: primary port, $2: replica port
  local tmp="$DATA/replica.new"
  rm -rf "$tmp"
  # A slot left by an earlier, deleted replica would make -C fail (and would keep WAL forever).
  sql "$DATA/primary" postgres "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
    WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
  if ! as_pg "$BIN/pg_basebackup" -D "$tmp" -d "host=127.0.0.1 port=$1 user=$REPLICATION_USER passfile=$(passfile)" \
      -R -X stream -C -S "$SLOT" --checkpoint=fast --no-sync >"$STATE/basebackup.log" 2>&1; then
    cat "$STATE/basebackup.log" >&2; die "pg_basebackup failed"
  fi
  # -R wrote a primary_conninfo full of defaults; write a plain one that names the replica, and its own port.
  write_replica_conf "$tmp" "$1" "$2"
  mv "$tmp" "$DATA/replica"
}

start_server() { # $1: primary|replica
  is_running "$DATA/$1" && return 0
  # 9>&- : the server must not inherit the lock held by this script.
  if ! as_pg "$BIN/pg_ctl" start -w -t 60 -D "$DATA/$1" -l "$DATA/$1.log" >/dev/null 9>&-; then
    tail -n 30 "$DATA/$1.log" >&2 || true
    die "the $1 did not start (log: $DATA/$1.log)"
  fi
}

wait_for() { # $1: seconds, $2: description, $3...: command that succeeds when ready
  local limit=$(($1 * 10)) i=0 what=$2
  shift 2
  until "$@" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -lt "$limit" ] || { tail -n 30 "$DATA/replica.log" >&2 || true; die "timed out waiting for: $what"; }
    sleep 0.1
  done
}

replica_in_recovery() { [ "$(sql "$DATA/replica" postgres 'SELECT pg_is_in_recovery()')" = t ]; }

replica_streaming() {
  [ -n "$(sql "$DATA/primary" postgres "SELECT 1 FROM pg_stat_replication
    WHERE application_name = '$APP_NAME' AND state = 'streaming'")" ]
}

# Serialises commands on the same state dir (parallel test JVMs): the lock is held until this script exits.
lock_state() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STATE/.lock"
    flock 9
  fi
}

check_port() { # $1: primary|replica, $2: requested port
  local have
  have="$(conf_port "$DATA/$1")"
  [ "$have" = "$2" ] || die "the $1 in $STATE was created with port $have, not $2: use port $have, or run 'postgres.sh destroy $STATE' first"
}

cmd_check() {
  init_tools
  echo "PostgreSQL: $("$BIN/postgres" --version) in $BIN"
}

cmd_start() {
  [ $# -eq 3 ] || usage
  local pport=$2 rport=$3 p
  for p in "$pport" "$rport"; do
    case $p in '' | *[!0-9]*) die "not a port number: '$p'" ;; esac
  done
  [ "$pport" != "$rport" ] || die "the primary and the replica need different ports"
  init_tools
  mkdir -p "$1"
  locate "$1"
  lock_state
  place_data
  [ ${#AS_PG[@]} -eq 0 ] || collect_orphans

  is_cluster "$DATA/primary" || init_primary "$pport"
  check_port primary "$pport"
  if ! write_hba "$DATA/primary" && is_running "$DATA/primary"; then
    as_pg "$BIN/pg_ctl" reload -D "$DATA/primary" >/dev/null
  fi
  start_server primary
  ensure_roles_and_databases
  ensure_replication_password

  is_cluster "$DATA/replica" || clone_replica "$pport" "$rport"
  check_port replica "$rport"
  # A replica cloned by an older version of this script connected without a password: give it the passfile.
  is_running "$DATA/replica" || write_replica_conf "$DATA/replica" "$pport" "$rport"
  start_server replica
  wait_for 60 "replica accepting connections in recovery" replica_in_recovery
  wait_for 30 "replica streaming from the primary" replica_streaming

  echo "primary  up  127.0.0.1:$pport  data $DATA/primary  log $DATA/primary.log"
  echo "replica  up  127.0.0.1:$rport  in recovery, streaming from :$pport  data $DATA/replica  log $DATA/replica.log"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  if [ ! -d "$1" ]; then echo "primary  not running"; echo "replica  not running"; return 0; fi
  locate "$1"
  if ! is_cluster "$DATA/primary" && ! is_cluster "$DATA/replica"; then
    echo "primary  not running"; echo "replica  not running"; return 0
  fi
  init_tools
  local s
  # Replica first, so that it does not log a lost connection to the primary.
  for s in replica primary; do
    if is_running "$DATA/$s"; then
      as_pg "$BIN/pg_ctl" stop -m fast -w -t 60 -D "$DATA/$s" >/dev/null
      echo "$s  stopped"
    else
      echo "$s  not running"
    fi
  done
}

# Stops only the replica, as a replica outage would: the primary keeps serving, its replication slot keeps the WAL.
cmd_stop_replica() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || die "no clusters in $1"
  locate "$1"
  is_cluster "$DATA/replica" || die "no replica in $STATE"
  init_tools
  if is_running "$DATA/replica"; then
    as_pg "$BIN/pg_ctl" stop -m fast -w -t 60 -D "$DATA/replica" >/dev/null
    echo "replica  stopped"
  else
    echo "replica  not running"
  fi
}

# Starts a stopped replica again and waits until it accepts reads and streams from the primary.
cmd_start_replica() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || die "no clusters in $1"
  locate "$1"
  is_cluster "$DATA/replica" || die "no replica in $STATE: run 'postgres.sh start' first"
  init_tools
  is_running "$DATA/primary" || die "the primary in $STATE is not running: run 'postgres.sh start' instead"
  lock_state
  start_server replica
  wait_for 60 "replica accepting connections in recovery" replica_in_recovery
  wait_for 30 "replica streaming from the primary" replica_streaming
  echo "replica  up  127.0.0.1:$(conf_port "$DATA/replica")  in recovery, streaming"
}

# The primary goes away as in a crash (immediate shutdown: no checkpoint, crash recovery on start) and comes back on
# the same port; clients see their connections drop. Returns once the replica streams from it again.
cmd_crash_restart_primary() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || die "no clusters in $1"
  locate "$1"
  is_cluster "$DATA/primary" || die "no primary in $STATE: run 'postgres.sh start' first"
  init_tools
  is_running "$DATA/primary" || die "the primary in $STATE is not running"
  lock_state
  as_pg "$BIN/pg_ctl" stop -m immediate -w -t 60 -D "$DATA/primary" >/dev/null
  echo "primary  crashed (immediate shutdown)"
  start_server primary
  if is_running "$DATA/replica"; then
    wait_for 60 "replica streaming from the primary" replica_streaming
  fi
  echo "primary  up  127.0.0.1:$(conf_port "$DATA/primary")"
}

cmd_status() {
  [ $# -eq 1 ] || usage
  local healthy=yes s port state recovery lag bytes seconds
  if [ -d "$1" ]; then locate "$1"; else STATE="$1" DATA="$1"; fi
  if is_cluster "$DATA/primary" || is_cluster "$DATA/replica"; then init_tools; fi
  for s in primary replica; do
    if ! is_cluster "$DATA/$s"; then
      echo "$s  down  (no cluster in $STATE)"; healthy=no; continue
    fi
    port="$(conf_port "$DATA/$s")"
    if is_running "$DATA/$s"; then state=up; else state=down; healthy=no; fi
    if [ "$s" = replica ] && [ "$state" = up ]; then
      recovery="$(sql "$DATA/replica" postgres 'SELECT pg_is_in_recovery()' 2>/dev/null || echo '?')"
      [ "$recovery" = t ] || healthy=no
      echo "$s  $state  127.0.0.1:$port  pg_is_in_recovery=$recovery"
    else
      echo "$s  $state  127.0.0.1:$port"
    fi
  done
  if is_cluster "$DATA/primary" && is_running "$DATA/primary"; then
    lag="$(sql "$DATA/primary" postgres "SELECT state,
        COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text, '?'),
        COALESCE(round(extract(epoch FROM replay_lag)::numeric, 3)::text, '0')
      FROM pg_stat_replication WHERE application_name = '$APP_NAME'" 2>/dev/null || true)"
    if [ -n "$lag" ]; then
      read -r state bytes seconds <<<"$lag"
      # replay_lag is NULL when the replica has replayed everything and nothing new was written: that is no lag.
      echo "replication  $state  lag $bytes bytes, $seconds s"
    else
      echo "replication  not connected"; healthy=no
    fi
  fi
  [ "$healthy" = yes ] || exit 3
}

cmd_destroy() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || return 0
  cmd_stop "$1"
  locate "$1"
  local f
  [ "$DATA" = "$STATE" ] || rm -rf "$DATA"
  for f in primary replica primary.new replica.new run primary.log replica.log initdb.log basebackup.log \
    replication.pgpass .lock; do
    rm -rf "${STATE:?}/$f"
  done
  rmdir "$STATE" 2>/dev/null || true
  echo "removed the clusters in $STATE"
}

main() {
  local cmd=${1:-}
  [ $# -eq 0 ] || shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    stop-replica) cmd_stop_replica "$@" ;;
    start-replica) cmd_start_replica "$@" ;;
    crash-restart-primary) cmd_crash_restart_primary "$@" ;;
    status) cmd_status "$@" ;;
    destroy) cmd_destroy "$@" ;;
    check) cmd_check ;;
    *) usage ;;
  esac
}

main "$@"
