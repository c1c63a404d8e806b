#!/usr/bin/env bash
# Entrypoint of the PostgreSQL hot-standby replica, on the official postgres image (docker-compose.yml and
# test-support's Testcontainers backend). Unless its data directory holds a complete clone of the primary it is
# pointed at, it clones that primary over the replication protocol, streaming WAL during the copy and using the slot
# that primary-init.sh created:
#
#   pg_basebackup -R -X stream -S replica_slot
#
# then hands over to the image's own entrypoint, which skips initdb because the data directory is no longer empty
# and starts the server; standby.signal (written by -R) makes it a read-only hot standby that streams from the primary.
#
# A complete clone is marked: after pg_basebackup succeeds, the primary's system identifier is written to
# $PGDATA/securecart-clone. On every start the mark is compared with the primary's identifier (IDENTIFY_SYSTEM), so
# the directory is cloned again when a clone was interrupted (no mark) or when the primary's volume was recreated
# (another identifier); otherwise the replica would never stream, and every service would wait for it forever.
#
# The replication password is read from a passfile written at each start from REPLICATION_PASSWORD; it is never
# stored in the data directory (pg_basebackup -R would write it into postgresql.auto.conf).
#
# Environment: PRIMARY_HOST (postgres-primary), PRIMARY_PORT (5432), REPLICATION_PASSWORD (replicator).
set -euo pipefail

readonly SLOT=replica_slot APP_NAME=securecart_replica MARK=securecart-clone
: "${PRIMARY_HOST:=postgres-primary}" "${PRIMARY_PORT:=5432}" "${REPLICATION_PASSWORD:=replicator}"
: "${PGDATA:=/var/lib/postgresql/data}"
: "${REPLICATION_PASSFILE:=/var/lib/postgresql/replication.pgpass}"
export PGDATA

# The image starts as root and runs the server as postgres; so do we for the clone.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then gosu postgres "$@"; else "$@"; fi
}

write_passfile() {
  # pgpass: host:port:database:user:password; "replication" matches physical replication connections.
  (umask 077 && printf '%s:%s:replication:replicator:%s\n' "$PRIMARY_HOST" "$PRIMARY_PORT" "$REPLICATION_PASSWORD" \
    >"$REPLICATION_PASSFILE")
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$REPLICATION_PASSFILE"; fi
}

# The primary's system identifier, over the replication protocol; empty while it cannot be reached.
primary_system_identifier() {
  as_postgres psql -XAt -F ' ' \
    "host=$PRIMARY_HOST port=$PRIMARY_PORT user=replicator passfile=$REPLICATION_PASSFILE dbname=replication replication=true" \
    -c IDENTIFY_SYSTEM 2>/dev/null | cut -d ' ' -f 1 || true
}

clone() {
  mkdir -p "$PGDATA"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA"; fi
  chmod 700 "$PGDATA"
  find "$PGDATA" -mindepth 1 -delete
  echo "replica: cloning $PRIMARY_HOST:$PRIMARY_PORT with pg_basebackup (slot $SLOT)"
  as_postgres pg_basebackup \
    -d "host=$PRIMARY_HOST port=$PRIMARY_PORT user=replicator passfile=$REPLICATION_PASSFILE" \
    -D "$PGDATA" -R -X stream -S "$SLOT" --checkpoint=fast
  # -R wrote primary_conninfo (with the password in it) and primary_slot_name. Replace the former with one that reads
  # the passfile and names the connection, so that the primary's pg_stat_replication shows it as
  # infra/local/postgres.sh's replica does.
  sed -i '/^primary_conninfo/d' "$PGDATA/postgresql.auto.conf"
  cat >>"$PGDATA/postgresql.auto.conf" <<CONF
primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=replicator passfile=$REPLICATION_PASSFILE application_name=$APP_NAME'
CONF
  # Written last: its presence means the clone is complete.
  as_postgres sh -c "printf '%s\n' '$1' >'$PGDATA/$MARK'"
}

write_passfile
# Compose and Testcontainers start this container once the primary is ready; this is for a primary that restarts.
primary=""
for attempt in $(seq 1 60); do
  primary="$(primary_system_identifier)"
  [ -z "$primary" ] || break
  if [ -s "$PGDATA/$MARK" ] && [ "$attempt" -ge 10 ]; then break; fi
  sleep 1
done
cloned="$(cat "$PGDATA/$MARK" 2>/dev/null || true)"

if [ -z "$primary" ]; then
  [ -n "$cloned" ] || { echo "replica: the primary $PRIMARY_HOST:$PRIMARY_PORT cannot be reached, and there is no clone to start" >&2; exit 1; }
  echo "replica: the primary $PRIMARY_HOST:$PRIMARY_PORT cannot be reached; starting the existing clone of $cloned"
elif [ "$cloned" = "$primary" ] && [ -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: $PGDATA is a complete clone of the primary (system identifier $primary)"
else
  if [ -z "$cloned" ] && [ -s "$PGDATA/PG_VERSION" ]; then
    echo "replica: $PGDATA holds no complete clone (interrupted, or made without the mark): cloning again"
  elif [ -n "$cloned" ]; then
    echo "replica: $PGDATA is a clone of system $cloned, but the primary is now system $primary: cloning again"
  fi
  clone "$primary"
fi

exec docker-entrypoint.sh "$@"
