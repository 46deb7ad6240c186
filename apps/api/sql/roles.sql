-- MedSync's two database roles (README, "Two database roles"). Run once, as a superuser, with psql:
--
--   psql -h HOST -U postgres -v owner_password='…' -v app_password='…' -f apps/api/sql/roles.sql
--
-- Optional variables (defaults in brackets): -v database=… [medsync] -v owner=… [medsync_owner]
-- -v app=… [medsync_app]. Then point the app at them:
--
--   MIGRATION_DATABASE_URL=postgres://medsync_owner:…@HOST/medsync   (migrations: owns the tables)
--   DATABASE_URL=postgres://medsync_app:…@HOST/medsync               (the server and the worker)
--
-- The runtime role gets no privileges here: after every migration run the migrator (as the owner)
-- grants it exactly what the app needs (src/db/migrator.ts): SELECT, INSERT, UPDATE, DELETE on the
-- tables, but on audit_events only SELECT, INSERT and UPDATE of the seal columns; sequences USAGE.
\set ON_ERROR_STOP on
\if :{?database}
\else
  \set database medsync
\endif
\if :{?owner}
\else
  \set owner medsync_owner
\endif
\if :{?app}
\else
  \set app medsync_app
\endif

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
-- NOINHERIT and no memberships: the runtime role owns nothing and cannot become the owner.
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD :'app_password';
-- The owner owns the database, so it may CREATE EXTENSION btree_gist (a trusted extension).
CREATE DATABASE :"database" OWNER :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app";

\connect :"database"
-- PostgreSQL 15 already refuses CREATE in public to everyone but its owner; older ones did not.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
