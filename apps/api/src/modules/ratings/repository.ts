import { and, desc, eq, getTableColumns, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  bookings,
  type DoctorRatingRow,
  doctorRatings,
  doctors,
  locations,
} from '../../db/schema/index.js';
import type { Position } from '../../shared/pagination.js';

/** A rating with its location's time zone, for instants with the right offset. */
export type RatingRecord = DoctorRatingRow & { timeZone: string };
export type NewRating = typeof doctorRatings.$inferInsert;

const withZone = { ...getTableColumns(doctorRatings), timeZone: locations.timeZone };

export class RatingRepository {
  constructor(private readonly db: Executor) {}

  /** A booking as rating needs it: whose, with which doctor, where, in which status. */
  async booking(id: string) {
    const [row] = await this.db
      .select({
        id: bookings.id,
        patientId: bookings.patientId,
        doctorId: bookings.doctorId,
        locationId: bookings.locationId,
        status: bookings.status,
      })
      .from(bookings)
      .where(eq(bookings.id, id));
    return row ?? null;
  }

  /** A booking's patient and location, and its rating's id if it has one. */
  async ofBooking(bookingId: string) {
    const [row] = await this.db
      .select({
        patientId: bookings.patientId,
        locationId: bookings.locationId,
        ratingId: doctorRatings.id,
      })
      .from(bookings)
      .leftJoin(doctorRatings, eq(doctorRatings.bookingId, bookings.id))
      .where(eq(bookings.id, bookingId));
    return row ?? null;
  }

  async get(id: string, lock = false): Promise<RatingRecord | null> {
    const query = this.db
      .select(withZone)
      .from(doctorRatings)
      .innerJoin(locations, eq(locations.id, doctorRatings.locationId))
      .where(eq(doctorRatings.id, id));
    const [row] = await (lock ? query.for('update', { of: doctorRatings }) : query);
    return row ?? null;
  }

  async insert(values: NewRating): Promise<DoctorRatingRow> {
    const [row] = await this.db.insert(doctorRatings).values(values).returning();
    return row!;
  }

  async update(id: string, patch: Partial<NewRating>): Promise<void> {
    await this.db
      .update(doctorRatings)
      .set({ ...patch, version: sql`${doctorRatings.version} + 1` })
      .where(eq(doctorRatings.id, id));
  }

  /**
   * Adds to a doctor's aggregate relatively, in the caller's transaction: the row lock
   * serialises concurrent writers, and no one reads the total to write it back.
   */
  async addToAggregate(
    doctorId: string,
    source: 'verified' | 'imported',
    delta: { sum: number; count: number },
  ): Promise<void> {
    const set =
      source === 'verified'
        ? {
            ratingSum: sql`${doctors.ratingSum} + ${delta.sum}`,
            ratingCount: sql`${doctors.ratingCount} + ${delta.count}`,
          }
        : {
            importedRatingSum: sql`${doctors.importedRatingSum} + ${delta.sum}`,
            importedRatingCount: sql`${doctors.importedRatingCount} + ${delta.count}`,
          };
    // The profile's updated_at stays: a rating is not an edit of the doctor.
    await this.db
      .update(doctors)
      .set({ ...set, updatedAt: sql`${doctors.updatedAt}` })
      .where(eq(doctors.id, doctorId));
  }

  /** A page of a doctor's ratings, newest first; `limit + 1` rows. */
  listOfDoctor(doctorId: string, limit: number, position: Position | null) {
    const conditions: SQL[] = [eq(doctorRatings.doctorId, doctorId)];
    if (position) {
      conditions.push(
        sql`(${doctorRatings.ratedAt}, ${doctorRatings.id}) < (${position.value}::timestamptz, ${position.id}::uuid)`,
      );
    }
    return this.db
      .select(withZone)
      .from(doctorRatings)
      .innerJoin(locations, eq(locations.id, doctorRatings.locationId))
      .where(and(...conditions))
      .orderBy(desc(doctorRatings.ratedAt), desc(doctorRatings.id))
      .limit(limit + 1);
  }

  async doctorExists(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, id));
    return row !== undefined;
  }

  /** The doctors among `ids` that exist, with their current location. */
  doctorsAmong(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .select({ id: doctors.id, locationId: doctors.locationId })
      .from(doctors)
      .where(inArray(doctors.id, ids));
  }

  /** Imported ratings by external id. */
  importedWith(externalIds: string[]) {
    if (externalIds.length === 0) return Promise.resolve([]);
    return this.db
      .select({ id: doctorRatings.id, externalId: doctorRatings.externalId })
      .from(doctorRatings)
      .where(
        and(isNotNull(doctorRatings.externalId), inArray(doctorRatings.externalId, externalIds)),
      );
  }

  /** Inserts imported rows, skipping any whose external id was imported meanwhile. */
  insertImported(rows: NewRating[]) {
    if (rows.length === 0) return Promise.resolve([]);
    return this.db
      .insert(doctorRatings)
      .values(rows)
      .onConflictDoNothing({
        target: doctorRatings.externalId,
        where: sql`${doctorRatings.externalId} IS NOT NULL`,
      })
      .returning({
        id: doctorRatings.id,
        externalId: doctorRatings.externalId,
        doctorId: doctorRatings.doctorId,
        stars: doctorRatings.stars,
      });
  }

  /** Removes the comments of a patient's ratings; the stars stay. Returns how many. */
  async eraseCommentsOf(patientId: string): Promise<number> {
    const rows = await this.db
      .update(doctorRatings)
      .set({ comment: null, version: sql`${doctorRatings.version} + 1` })
      .where(and(eq(doctorRatings.patientId, patientId), isNotNull(doctorRatings.comment)))
      .returning({ id: doctorRatings.id });
    return rows.length;
  }
}
