import type { CreateDoctorInput, ListDoctorsInput, UpdateDoctorInput } from '@medsync/contracts';
import { and, asc, desc, eq, getTableColumns, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { activeCondition, containsPattern } from '../../db/filters.js';
import {
  type DoctorRow,
  doctors,
  documents,
  locations,
  specialties,
} from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

/** What a doctor is shown with: the names of their specialty and location, the location's currency. */
const joined = {
  specialtyName: specialties.name,
  locationName: locations.name,
  timeZone: locations.timeZone,
  currency: locations.currency,
};

/** An uploaded photo (served at this path, see modules/documents) wins over `photo_url`. */
const shownPhotoUrl = sql<
  string | null
>`coalesce((select '/api/v1/doctors/' || ${doctors.id} || '/photo' from ${documents} where ${documents.doctorId} = ${doctors.id} and ${documents.kind} = 'doctor-photo' and ${documents.retiredAt} is null), ${doctors.photoUrl})`;

const { experience, certificates, services, createdAt, updatedAt, ...summaryColumns } =
  getTableColumns(doctors);

interface Joined {
  specialtyName: string;
  locationName: string;
  timeZone: string;
  currency: string;
}
export type DoctorProfileRow = DoctorRow & Joined;
export type DoctorSummaryRow = Omit<DoctorRow, keyof typeof profileOnly> & Joined;
const profileOnly = { experience, certificates, services, createdAt, updatedAt };

export type DoctorSort = ListDoctorsInput['sort'];

/**
 * A price order's cursor value, `EUR 80.00`: the currency and the amount it compares, so that a
 * cursor of the amount-only order (before currencies were kept apart) is refused, not misread.
 */
export const PRICE_KEY = /^([A-Z]{3}) ([0-9]{1,8}(?:\.[0-9]{1,2})?)$/;
export const priceKey = (row: { currency: string; price: string }) =>
  `${row.currency} ${row.price}`;

// Amounts in different currencies are never compared: each currency is a group, in code order in
// both directions; `-price` reverses the amounts within a group only.
const ORDER: Record<DoctorSort, SQL[]> = {
  name: [asc(doctors.fullName), asc(doctors.id)],
  price: [asc(locations.currency), asc(doctors.price), asc(doctors.id)],
  '-price': [asc(locations.currency), desc(doctors.price), desc(doctors.id)],
};

/** Rows strictly after the cursor in the sort order; the value was checked by the service. */
function after(sort: DoctorSort, position: Position): SQL {
  const id = sql`${position.id}::uuid`;
  if (sort === 'name')
    return sql`(${doctors.fullName}, ${doctors.id}) > (${position.value}, ${id})`;
  const [, code, amount] = PRICE_KEY.exec(position.value) ?? [];
  const currency = sql`${code}::char(3)`;
  const price = sql`${amount}::numeric`;
  const key = sql`(${locations.currency}, ${doctors.price}, ${doctors.id})`;
  if (sort === 'price') return sql`${key} > (${currency}, ${price}, ${id})`;
  // Currency up, amount down: two directions are not one row comparison.
  const lowerInGroup = sql`(${doctors.price}, ${doctors.id}) < (${price}, ${id})`;
  return or(gt(locations.currency, currency), and(eq(locations.currency, currency), lowerInGroup))!;
}

export class DoctorRepository {
  constructor(private readonly db: Executor) {}

  /** Whether the specialty and the location a doctor would be placed in exist (active or not). */
  async referencesExist(refs: {
    specialtyId?: string | undefined;
    locationId?: string | undefined;
  }): Promise<{ specialty: boolean; location: boolean }> {
    const exists = (table: typeof specialties | typeof locations, id: string | undefined) =>
      id === undefined
        ? sql<boolean>`true`
        : sql<boolean>`exists (select 1 from ${table} where ${table.id} = ${id})`;
    const [row] = await this.db
      .select({
        specialty: exists(specialties, refs.specialtyId),
        location: exists(locations, refs.locationId),
      })
      .from(sql`(select 1) as one`);
    return row ?? { specialty: false, location: false };
  }

  async get(id: string): Promise<DoctorProfileRow | null> {
    const [row] = await this.db
      .select({ ...getTableColumns(doctors), photoUrl: shownPhotoUrl, ...joined })
      .from(doctors)
      .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(eq(doctors.id, id));
    return row ?? null;
  }

  /** One query for a page: joins instead of a lookup per doctor. Fetches `limit + 1` rows. */
  list(filter: ListDoctorsInput, position: Position | null): Promise<DoctorSummaryRow[]> {
    const conditions: (SQL | undefined)[] = [
      activeCondition(filter.status, doctors.active, specialties.active, locations.active),
    ];
    if (filter.specialtyId) conditions.push(eq(doctors.specialtyId, filter.specialtyId));
    if (filter.locationId) conditions.push(eq(doctors.locationId, filter.locationId));
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      conditions.push(
        or(
          ilike(doctors.fullName, pattern),
          ilike(doctors.services, pattern),
          ilike(specialties.name, pattern),
        ),
      );
    }
    if (position) conditions.push(after(filter.sort, position));
    return this.db
      .select({ ...summaryColumns, photoUrl: shownPhotoUrl, ...joined })
      .from(doctors)
      .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(and(...conditions))
      .orderBy(...ORDER[filter.sort])
      .limit(filter.limit + 1);
  }

  async create(input: CreateDoctorInput): Promise<DoctorRow> {
    const [row] = await this.db.insert(doctors).values(input).returning();
    return row!;
  }

  async update(id: string, patch: UpdateDoctorInput): Promise<DoctorRow | null> {
    const [row] = await this.db.update(doctors).set(patch).where(eq(doctors.id, id)).returning();
    return row ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(doctors)
      .where(eq(doctors.id, id))
      .returning({ id: doctors.id });
    return rows.length > 0;
  }
}
