import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { bookings, locations, type VisitNoteRow, visitNotes } from '../../db/schema/index.js';
import type { VisitNoteRecord } from './present.js';

const record = { ...getTableColumns(visitNotes), timeZone: locations.timeZone };

/** What the rules need of the booking a note is written for. */
export interface VisitBooking {
  id: string;
  patientId: string;
  doctorId: string | null;
  locationId: string;
  status: string;
  timeZone: string;
}

/** Reads and writes of visit notes: one query per method, no rules. */
export class VisitNoteRepository {
  constructor(private readonly db: Executor) {}

  async booking(id: string): Promise<VisitBooking | null> {
    const [row] = await this.db
      .select({
        id: bookings.id,
        patientId: bookings.patientId,
        doctorId: bookings.doctorId,
        locationId: bookings.locationId,
        status: bookings.status,
        timeZone: locations.timeZone,
      })
      .from(bookings)
      .innerJoin(locations, eq(locations.id, bookings.locationId))
      .where(eq(bookings.id, id));
    return row ?? null;
  }

  /** The current revision of the note with this (lineage) id. */
  async current(id: string): Promise<VisitNoteRecord | null> {
    const [row] = await this.select().where(
      and(eq(visitNotes.lineageId, id), isNull(visitNotes.supersededAt)),
    );
    return row ?? null;
  }

  /** The current revision of a booking's note: its lineage found by the first revision. */
  async currentOfBooking(bookingId: string): Promise<VisitNoteRecord | null> {
    const lineage = this.db
      .select({ id: visitNotes.id })
      .from(visitNotes)
      // A literal 1, not a parameter, so that a generic plan can use the partial index.
      .where(and(eq(visitNotes.bookingId, bookingId), sql`${visitNotes.revision} = 1`));
    const [row] = await this.select().where(
      and(inArray(visitNotes.lineageId, lineage), isNull(visitNotes.supersededAt)),
    );
    return row ?? null;
  }

  /** Every revision of a note, oldest first. */
  history(id: string): Promise<VisitNoteRecord[]> {
    return this.select().where(eq(visitNotes.lineageId, id)).orderBy(asc(visitNotes.revision));
  }

  /** The current revision of every note of a patient, by the visit's start. */
  currentOfPatient(patientId: string): Promise<VisitNoteRecord[]> {
    return this.select()
      .innerJoin(bookings, eq(bookings.id, visitNotes.bookingId))
      .where(and(eq(visitNotes.patientId, patientId), isNull(visitNotes.supersededAt)))
      .orderBy(asc(bookings.startAt), asc(visitNotes.lineageId));
  }

  async insert(values: typeof visitNotes.$inferInsert): Promise<VisitNoteRow> {
    const [row] = await this.db.insert(visitNotes).values(values).returning();
    return row!;
  }

  /** Retires a current revision; false when it was already retired (another revision won). */
  async retire(id: string): Promise<boolean> {
    const rows = await this.db
      .update(visitNotes)
      .set({ supersededAt: sql`now()` })
      .where(and(eq(visitNotes.id, id), isNull(visitNotes.supersededAt)))
      .returning({ id: visitNotes.id });
    return rows.length === 1;
  }

  private select() {
    return this.db
      .select(record)
      .from(visitNotes)
      .innerJoin(locations, eq(locations.id, visitNotes.locationId))
      .$dynamic();
  }
}
