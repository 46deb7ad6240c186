import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { signInFailures } from '../../db/schema/index.js';
import { TooManyRequests } from '../../shared/errors.js';
import { digestOf } from './secrets.js';

interface Limit {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** Every sign-in throttling number in one place (SECURITY.md item 14). */
export const SIGN_IN_LIMITS = {
  /** Per e-mail address, whether or not it has an account: guessing one account's password. */
  account: { maxFailures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  /** Per client IP, across e-mail addresses: spraying many accounts from one place. */
  ip: { maxFailures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

// Keys hold a digest of the e-mail, never the address itself: this table is not for PII.
const accountKey = (email: string) => `account:${digestOf(email.toLowerCase())}`;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Failed sign-in counters in the database, shared by every instance. Each attempt reserves a
 * failure *before* the password is checked, in one atomic statement: a burst of parallel
 * guesses cannot all pass the check while the first ones are still being verified. A success
 * then gives its reservation back.
 */
export class SignInThrottle {
  constructor(private readonly db: Executor) {}

  /**
   * Counts an attempt for the address and the IP. Returns the seconds until the block ends
   * while either is blocked (the attempt must then be refused unchecked), else null.
   */
  async reserve(email: string, ip: string): Promise<number | null> {
    const account = await this.reserveKey(accountKey(email), SIGN_IN_LIMITS.account);
    if (account !== null) return account;
    const fromIp = await this.reserveKey(ipKey(ip), SIGN_IN_LIMITS.ip);
    if (fromIp !== null) await this.release(accountKey(email)); // refused unchecked: no failure
    return fromIp;
  }

  /** After a success: the account's counter starts over; the IP's reservation is returned. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.forgive(email);
    await this.release(ipKey(ip));
  }

  /** Clears the address's counter: a completed password reset proves the owner is back. */
  async forgive(email: string): Promise<void> {
    await this.db.delete(signInFailures).where(eq(signInFailures.key, accountKey(email)));
  }

  private async release(key: string): Promise<void> {
    await this.db
      .update(signInFailures)
      .set({ failures: sql`greatest(${signInFailures.failures} - 1, 0)` })
      .where(eq(signInFailures.key, key));
  }

  /** Adds one failure; returns the seconds until the block ends, or null when not blocked. */
  private async reserveKey(key: string, limit: Limit): Promise<number | null> {
    const f = signInFailures;
    const blocked = sql`${f.blockedUntil} > now()`;
    const expired = sql`${f.windowStartedAt} <= now() - make_interval(secs => ${limit.windowSeconds})`;
    const [row] = await this.db
      .insert(f)
      .values({ key, failures: 1, windowStartedAt: sql`now()` })
      .onConflictDoUpdate({
        target: f.key,
        set: {
          failures: sql`CASE WHEN ${blocked} THEN ${f.failures} WHEN ${expired} THEN 1 ELSE ${f.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${blocked} OR NOT ${expired} THEN ${f.windowStartedAt} ELSE now() END`,
          blockedUntil: sql`CASE WHEN ${blocked} THEN ${f.blockedUntil}
            WHEN NOT ${expired} AND ${f.failures} >= ${limit.maxFailures}
            THEN now() + make_interval(secs => ${limit.blockSeconds}) END`,
        },
      })
      .returning({
        retryAfter: sql<number | null>`ceil(extract(epoch from ${f.blockedUntil} - now()))::int`,
      });
    const seconds = row?.retryAfter ?? null;
    return seconds !== null && seconds > 0 ? seconds : null;
  }
}

/** The 429 for an attempt `reserve` refused. */
export function tooManyAttempts(retryAfterSeconds: number): TooManyRequests {
  return new TooManyRequests(
    'too-many-attempts',
    `Too many failed attempts; retry in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}
