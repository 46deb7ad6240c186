/** PostgreSQL SQLSTATE codes the services translate into domain errors. */
export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  restrictViolation: '23001',
  checkViolation: '23514',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

interface PgErrorFields {
  code?: string;
  constraint?: string;
  constraint_name?: string;
}

/** Drizzle wraps driver errors: the SQLSTATE sits on `cause`. Returns code and constraint if any. */
export function pgError(err: unknown): { code: string; constraint: string | undefined } | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const fields = e as PgErrorFields;
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
      return { code: fields.code, constraint: fields.constraint ?? fields.constraint_name };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Translates a violated constraint into the domain error the caller named for it;
 * anything else is rethrown unchanged. Use in a catch block around a write.
 */
export function rethrowConstraint(err: unknown, byConstraint: Record<string, () => Error>): never {
  const pg = pgError(err);
  const make = pg?.constraint ? byConstraint[pg.constraint] : undefined;
  throw make ? make() : err;
}

/** For deletes: a row other rows still point at becomes the caller's error; else rethrown. */
export function rethrowIfReferenced(err: unknown, make: () => Error): never {
  const code = pgError(err)?.code;
  throw code === SqlState.foreignKeyViolation || code === SqlState.restrictViolation ? make() : err;
}

/** No pooled connection came free within DB_POOL_TIMEOUT_MS: answered 503 `database-unavailable`. */
export class PoolTimeout extends Error {
  readonly code = 'POOL_TIMEOUT';
  constructor(ms: number) {
    super(`no database connection came free within ${ms} ms`);
    this.name = 'PoolTimeout';
  }
}

/** SQLSTATEs and driver codes that mean the database is unreachable or going away right now. */
const UNREACHABLE_SQLSTATES: ReadonlySet<string> = new Set([
  '57014', // query_canceled: statement_timeout, or a statement that waited too long for the pool
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
]);
const UNREACHABLE_DRIVER_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'POOL_TIMEOUT',
]);

/** True when `err` (or a cause Drizzle wrapped it in) says the database cannot be reached. */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNREACHABLE_DRIVER_CODES.has(code) || UNREACHABLE_SQLSTATES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code)) return true; // class 08: connection exceptions
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
