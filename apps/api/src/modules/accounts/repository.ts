import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type AccountRow, accounts, locations, staffLocations } from '../../db/schema/index.js';

/** The columns an account is shown with: never the password hash or the token version. */
const shown = {
  id: accounts.id,
  email: accounts.email,
  role: accounts.role,
  patientId: accounts.patientId,
  doctorId: accounts.doctorId,
  disabledAt: accounts.disabledAt,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
  // One query per page: the staff locations as an array. (`accounts.id` spelled out: Drizzle
  // renders columns unqualified inside a select.)
  locationIds: sql<string[]>`coalesce((
    select json_agg(sl.location_id order by sl.location_id)
    from ${staffLocations} sl
    where sl.account_id = accounts.id), '[]'::json)`,
};

export type NewAccount = typeof accounts.$inferInsert;
export type AccountChanges = Partial<Pick<NewAccount, 'role' | 'doctorId' | 'disabledAt'>>;

export class AccountRepository {
  constructor(private readonly db: Executor) {}

  async get(id: string) {
    const [row] = await this.db.select(shown).from(accounts).where(eq(accounts.id, id));
    return row ?? null;
  }

  /** Locks the account for the rest of the transaction. */
  async lock(id: string): Promise<AccountRow | null> {
    const [row] = await this.db.select().from(accounts).where(eq(accounts.id, id)).for('update');
    return row ?? null;
  }

  /** In creation order (ids are time-ordered); fetches `limit + 1` rows. */
  list(role: string | undefined, afterId: string | null, limit: number) {
    const conditions: (SQL | undefined)[] = [
      role ? eq(accounts.role, role) : undefined,
      afterId ? gt(accounts.id, afterId) : undefined,
    ];
    return this.db
      .select(shown)
      .from(accounts)
      .where(and(...conditions))
      .orderBy(asc(accounts.id))
      .limit(limit + 1);
  }

  async create(input: NewAccount): Promise<{ id: string }> {
    const [row] = await this.db.insert(accounts).values(input).returning({ id: accounts.id });
    return row!;
  }

  async update(id: string, changes: AccountChanges): Promise<void> {
    await this.db.update(accounts).set(changes).where(eq(accounts.id, id));
  }

  /** The ids among `ids` that name a location. */
  async existingLocations(ids: readonly string[]): Promise<string[]> {
    const rows = await this.db
      .select({ id: locations.id })
      .from(locations)
      .where(inArray(locations.id, [...ids]));
    return rows.map((r) => r.id);
  }

  async clearLocations(accountId: string): Promise<void> {
    await this.db.delete(staffLocations).where(eq(staffLocations.accountId, accountId));
  }

  async addLocations(accountId: string, locationIds: readonly string[]): Promise<void> {
    await this.db
      .insert(staffLocations)
      .values(locationIds.map((locationId) => ({ accountId, locationId })));
  }
}

export type ShownAccount = NonNullable<Awaited<ReturnType<AccountRepository['get']>>>;
