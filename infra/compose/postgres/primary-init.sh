#!/usr/bin/env bash
# Init script of the PostgreSQL primary, run once by the official postgres image on an empty data directory
# (mounted into /docker-entrypoint-initdb.d by docker-compose.yml and by test-support's Testcontainers backend).
#
# It sets up the same databases as infra/local/postgres.sh does on the host: role securecart/securecart owning
# checkout, payment, inventory, fulfillment, notification and auth (the issuer's authorizations and rate-limit buckets); a replication role; the physical replication slot
# the replica streams from (replica-entrypoint.sh); and pg_hba access for replication over the container network.
# Local development only: the passwords are not secrets.
set -euo pipefail

readonly SLOT=replica_slot
readonly DATABASES="checkout payment inventory fulfillment notification auth"
: "${REPLICATION_PASSWORD:=replicator}"

psql=(psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres)

# One statement per line, in autocommit: ALTER SYSTEM refuses to run inside a transaction block.
"${psql[@]}" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
CREATE ROLE securecart WITH LOGIN CREATEDB PASSWORD 'securecart';
ALTER SYSTEM SET wal_level = 'replica';
ALTER SYSTEM SET max_wal_senders = 10;
ALTER SYSTEM SET max_replication_slots = 10;
-- postgresql.auto.conf is copied to the replica by pg_basebackup: there, reads must not be cancelled by vacuum here.
ALTER SYSTEM SET hot_standby = on;
ALTER SYSTEM SET hot_standby_feedback = on;
DO \$\$ BEGIN PERFORM pg_create_physical_replication_slot('$SLOT'); END \$\$;
SQL

for database in $DATABASES; do
  # CREATE DATABASE cannot run in a transaction block either, hence one call per database.
  "${psql[@]}" -c "CREATE DATABASE $database OWNER securecart"
done
# As infra/local/postgres.sh: tests may hold the replica back (pause WAL replay) to prove how services behave while it
# lags. Function privileges live in each database's catalog; the GRANTs reach the replica by replication.
for database in postgres $DATABASES; do
  "${psql[@]}" --dbname "$database" -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO securecart"
done

# Replication needs a password, from everywhere. The image's initdb wrote "trust" lines for replication over the
# socket and the container's loopback; drop every replication line, then allow the replication role alone, with its
# password. (The image already allows every role from anywhere with a password: "host all all all scram-sha-256".)
hba="$(awk '$1 ~ /^#/ || $2 != "replication"' "$PGDATA/pg_hba.conf")"
cat >"$PGDATA/pg_hba.conf" <<HBA
$hba
# SecureCart: the hot-standby replica (replica-entrypoint.sh) streams as 'replicator', with its password
host replication replicator all scram-sha-256
HBA
echo "securecart: roles, databases ($DATABASES) and replication slot $SLOT created"
