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
# The runtime role gets LOGIN and nothing else here: it owns nothing, and the migrations, run by
# the owner, grant it the table privileges it needs (the audit table: SELECT and INSERT only).
set -eu

: "${MEDSYNC_DB:=medsync}"
: "${MEDSYNC_OWNER:=medsync_owner}"
: "${MEDSYNC_RUNTIME:=medsync_app}"
: "${MEDSYNC_OWNER_PASSWORD:?set MEDSYNC_OWNER_PASSWORD}"
: "${MEDSYNC_RUNTIME_PASSWORD:?set MEDSYNC_RUNTIME_PASSWORD}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v db="$MEDSYNC_DB" \
  -v owner="$MEDSYNC_OWNER" -v owner_password="$MEDSYNC_OWNER_PASSWORD" \
  -v runtime="$MEDSYNC_RUNTIME" -v runtime_password="$MEDSYNC_RUNTIME_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"runtime" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD :'runtime_password';
CREATE DATABASE :"db" OWNER :"owner";
SQL
