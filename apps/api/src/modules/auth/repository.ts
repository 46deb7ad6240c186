import { aliasedTable, and, eq, gt, isNotNull, isNull, notExists, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  type AccountRow,
  accounts,
  passwordResets,
  refreshTokens,
  staffLocations,
} from '../../db/schema/index.js';

export type NewAccount = typeof accounts.$inferInsert;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
export type PasswordResetRow = typeof passwordResets.$inferSelect;

const revoked = aliasedTable(refreshTokens, 'revoked');

/** Accounts as the credentials see them. E-mail addresses compare case-insensitively. */
export class CredentialRepository {
  constructor(private readonly db: Executor) {}

  async findByEmail(email: string): Promise<AccountRow | null> {
    const [row] = await this.db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = lower(${email})`);
    return row ?? null;
  }

  async get(id: string): Promise<AccountRow | null> {
    const [row] = await this.db.select().from(accounts).where(eq(accounts.id, id));
    return row ?? null;
  }

  async create(values: NewAccount): Promise<AccountRow> {
    const [row] = await this.db.insert(accounts).values(values).returning();
    return row!;
  }

  async addStaffLocations(accountId: string, locationIds: string[]): Promise<void> {
    if (locationIds.length === 0) return;
    await this.db
      .insert(staffLocations)
      .values(locationIds.map((locationId) => ({ accountId, locationId })));
  }

  /** Locks the account for the rest of the transaction. */
  async lock(id: string): Promise<void> {
    await this.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.id, id))
      .for('update');
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.update(accounts).set({ passwordHash }).where(eq(accounts.id, id));
  }

  async findAdmin(): Promise<{ id: string } | null> {
    const [row] = await this.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.role, 'admin'))
      .limit(1);
    return row ?? null;
  }
}

/** Refresh tokens by digest; one family per sign-in. */
export class RefreshTokenRepository {
  constructor(private readonly db: Executor) {}

  async create(row: {
    accountId: string;
    familyId: string;
    tokenHash: string;
    ttlDays: number;
  }): Promise<void> {
    await this.db.insert(refreshTokens).values({
      accountId: row.accountId,
      familyId: row.familyId,
      tokenHash: row.tokenHash,
      expiresAt: sql`now() + make_interval(days => ${row.ttlDays})`,
    });
  }

  /**
   * Marks a live token used and returns it; null when it is unknown, used, revoked or expired, or
   * its family was revoked (a token rotated in while the family was being revoked is dead too).
   * The condition is in the UPDATE itself, so of two concurrent uses only one gets the row.
   */
  async consume(tokenHash: string): Promise<RefreshTokenRow | null> {
    const [row] = await this.db
      .update(refreshTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, sql`now()`),
          notExists(
            this.db
              .select({ id: revoked.id })
              .from(revoked)
              .where(
                and(eq(revoked.familyId, refreshTokens.familyId), isNotNull(revoked.revokedAt)),
              ),
          ),
        ),
      )
      .returning();
    return row ?? null;
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    const [row] = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    return row ?? null;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }
}

/** One-time password-reset tokens by digest. */
export class PasswordResetRepository {
  constructor(private readonly db: Executor) {}

  async create(row: { accountId: string; tokenHash: string; ttlMinutes: number }): Promise<void> {
    await this.db.insert(passwordResets).values({
      accountId: row.accountId,
      tokenHash: row.tokenHash,
      expiresAt: sql`now() + make_interval(mins => ${row.ttlMinutes})`,
    });
  }

  /** Ends the account's live resets now: a newer link replaces them. */
  async expireLive(accountId: string): Promise<void> {
    await this.db
      .update(passwordResets)
      .set({ expiresAt: sql`now()` })
      .where(
        and(
          eq(passwordResets.accountId, accountId),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, sql`now()`),
        ),
      );
  }

  /** The unused, unexpired reset with this digest, or null. */
  async findLive(tokenHash: string): Promise<PasswordResetRow | null> {
    const [row] = await this.db
      .select()
      .from(passwordResets)
      .where(
        and(
          eq(passwordResets.tokenHash, tokenHash),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, sql`now()`),
        ),
      );
    return row ?? null;
  }

  async findByHash(tokenHash: string): Promise<PasswordResetRow | null> {
    const [row] = await this.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, tokenHash));
    return row ?? null;
  }

  /** Uses up every live reset of the account; true when `id` was one of them (one use only). */
  async consumeAll(accountId: string, id: string): Promise<boolean> {
    const used = await this.db
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResets.accountId, accountId),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: passwordResets.id });
    return used.some((r) => r.id === id);
  }
}
