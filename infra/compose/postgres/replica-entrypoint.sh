#!/usr/bin/env bash
# Entrypoint of the PostgreSQL hot-standby replica, on the official postgres image (docker-compose.yml and
# test-support's Testcontainers backend). On an empty data directory it clones the primary over the replication
# protocol, streaming WAL during the copy and using the slot that primary-init.sh created:
#
#   pg_basebackup -R -X stream -S replica_slot
#
# then hands over to the image's own entrypoint, which skips initdb because the data directory is no longer empty
# and starts the server; standby.signal (written by -R) makes it a read-only hot standby that streams from the primary.
#
# Environment: PRIMARY_HOST (postgres-primary), PRIMARY_PORT (5432), REPLICATION_PASSWORD (replicator).
set -euo pipefail

readonly SLOT=replica_slot APP_NAME=securecart_replica
: "${PRIMARY_HOST:=postgres-primary}" "${PRIMARY_PORT:=5432}" "${REPLICATION_PASSWORD:=replicator}"
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# The image starts as root and runs the server as postgres; so do we for the clone.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then gosu postgres "$@"; else "$@"; fi
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA"; fi
  chmod 700 "$PGDATA"
  # Compose and Testcontainers start this container once the primary is ready; this is for a primary that restarts.
  for attempt in $(seq 1 60); do
    as_postgres pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" && break
    [ "$attempt" -lt 60 ] || { echo "replica: the primary $PRIMARY_HOST:$PRIMARY_PORT is not ready after 60 s" >&2; exit 1; }
    sleep 1
  done
  # A clone interrupted earlier leaves a partial directory without PG_VERSION: start again from scratch.
  find "$PGDATA" -mindepth 1 -delete
  echo "replica: cloning $PRIMARY_HOST:$PRIMARY_PORT with pg_basebackup (slot $SLOT)"
  as_postgres env PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
    -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U replicator -D "$PGDATA" \
    -R -X stream -S "$SLOT" --checkpoint=fast
  # -R wrote primary_conninfo and primary_slot_name; name the connection, so that the primary's
  # pg_stat_replication shows it as infra/local/postgres.sh's replica does. The last setting in the file wins.
  cat >>"$PGDATA/postgresql.auto.conf" <<CONF
primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=replicator password=$REPLICATION_PASSWORD application_name=$APP_NAME'
CONF
fi

exec docker-entrypoint.sh "$@"
