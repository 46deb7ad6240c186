#!/bin/sh
# Sets up MedSync's database on a new PostgreSQL data directory. The official postgres image runs
# it once, as its superuser, from /docker-entrypoint-initdb.d (compose.yaml mounts this folder);
# on any other server run it with PGHOST/PGUSER pointing at a superuser and the same variables.
#
#   MEDSYNC_DB                database name (default medsync)
#   MEDSYNC_OWNER             role that owns the database and runs the migrations
#   MEDSYNC_OWNER_PASSWORD    (MIGRATION_DATABASE_URL's user and password)
#   MEDSYNC_RUNTIME           role the API and the worker connect as (DATABASE_URL's user)
#   MEDSYNC_RUNTIME_PASSWORD
#
# The runtime role gets LOGIN and CONNECT here and owns nothing; the migrations, run by the owner,
# grant it the table privileges it needs (audit_events: SELECT, INSERT and the seal columns only).
set -eu

: "${MEDSYNC_DB:=medsync}"
: "${MEDSYNC_OWNER:=medsync_owner}"
: "${MEDSYNC_RUNTIME:=medsync_app}"
: "${MEDSYNC_OWNER_PASSWORD:?set MEDSYNC_OWNER_PASSWORD}"
: "${MEDSYNC_RUNTIME_PASSWORD:?set MEDSYNC_RUNTIME_PASSWORD}"

# One definition of the roles: apps/api/sql/roles.sql, which compose.yaml mounts at /medsync-sql
# (from a checkout it is found beside this script's repository).
here=$(dirname "$0")
if [ -z "${MEDSYNC_ROLES_SQL:-}" ]; then
  MEDSYNC_ROLES_SQL=/medsync-sql/roles.sql
  [ -f "$here/../../apps/api/sql/roles.sql" ] && MEDSYNC_ROLES_SQL="$here/../../apps/api/sql/roles.sql"
fi

psql -q -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v database="$MEDSYNC_DB" \
  -v owner="$MEDSYNC_OWNER" -v owner_password="$MEDSYNC_OWNER_PASSWORD" \
  -v app="$MEDSYNC_RUNTIME" -v app_password="$MEDSYNC_RUNTIME_PASSWORD" \
  -f "$MEDSYNC_ROLES_SQL"
