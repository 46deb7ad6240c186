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
