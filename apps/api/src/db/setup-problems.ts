import type { DatabaseConfig } from '../config.js';
import { pgError } from './errors.js';

// A database that is not set up for MedSync — missing, a login refused, an extension the role may
// not create or the server lacks — fails at start or migrate. No retry mends it: the operator
// must, so it is said in one line naming the database and what to do, and the process exits 78
// like a bad setting (EX_CONFIG). Anything else (the server down, a bug) stays an error, exit 1.

/** Where the data goes, without credentials: `postgres at host:5432/medsync`. */
export function databaseTarget(config: DatabaseConfig): string {
  if (config.kind === 'pglite') return `embedded database at ${config.dataDir}`;
  const url = new URL(config.url);
  return `postgres at ${url.host}${url.pathname}`;
}

const quoted = (message: string) => /"([^"]+)"/.exec(message)?.[1];

/** The SQLSTATE and message of the driver's error, found under Drizzle's wrapper. */
function driverError(err: unknown): { code: string; message: string } | null {
  const code = pgError(err)?.code;
  for (let e = err; code && e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code) return { code, message: e.message };
  }
  return null;
}

/** The operator's one-line explanation of a setup problem, or null when `err` is none. */
export function setupProblem(err: unknown, config: DatabaseConfig): string | null {
  const pg = driverError(err);
  if (!pg || config.kind !== 'postgres') return null;
  const url = new URL(config.url);
  const server = `the PostgreSQL server at ${url.host}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username);
  const role = decodeURIComponent(url.username) || '(the default role)';
  // PostgreSQL 15+ names the extension; older servers name its control file (58P01).
  const extension = /extension/i.test(pg.message)
    ? (/extension "([^"]+)"/.exec(pg.message)?.[1] ?? 'btree_gist')
    : null;
  switch (pg.code) {
    case '3D000':
      return (
        `database "${quoted(pg.message) ?? database}" does not exist on ${server}: create it ` +
        `(createdb -h ${url.hostname} -O <owner role> ${database}, see "Running on PostgreSQL" ` +
        'in README.md) or correct the database name in the URL'
      );
    case '28P01':
    case '28000':
      return `${server} refused the login of role "${role}" to database "${database}": check the role and password in the URL (${pg.message})`;
    case '42501':
      return extension
        ? `role "${role}" may not create extension "${extension}" in database "${database}": ` +
            `run CREATE EXTENSION IF NOT EXISTS ${extension}; there once as a superuser, or ` +
            'migrate as the owner of the database (MIGRATION_DATABASE_URL)'
        : `role "${role}" lacks a privilege in database "${database}" (${pg.message}): ` +
            'migrations must run as the owner of the database and its tables (MIGRATION_DATABASE_URL)';
    case '0A000':
    case '58P01':
      return extension
        ? `${server} has no extension "${extension}" installed (${pg.message}): install ` +
            "PostgreSQL's contrib modules on it (Debian: postgresql-contrib; the official image has them)"
        : null;
    default:
      return null;
  }
}
