import type {
  BookingPageView,
  BookingView,
  DayBookingPageView,
  DayBookingView,
  ListBookingsInput,
  ListDayBookingsInput,
  ListPatientBookingsInput,
} from '@medsync/contracts';
import type { SQL } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../db/client.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, type Position, toPage } from '../../shared/pagination.js';
import { parseLocalDate } from '../../shared/wall-clock.js';
import type { AuditLog } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import { type BookingRecord, bookingEvent, presentBooking, statusAt } from './present.js';
import {
  type BookingFilter,
  BookingReadRepository,
  type ListedBooking,
  type NamedBooking,
  START_KEY,
} from './read-repository.js';
import { canSeeBooking, visibleBookings } from './scope.js';

const SORT = 'start';

/** A booking as the caller sees it at `now`: a lapsed hold reads as expired. */
export function presentAt(row: BookingRecord, now: Date): BookingView {
  return presentBooking({ ...row, status: statusAt(row, now) });
}

/** A booking on a day's list: with whose it is, by the name the patients table holds. */
function presentDayBooking(row: NamedBooking, now: Date): DayBookingView {
  return { ...presentAt(row, now), patient: { id: row.patientId, fullName: row.patientName } };
}

/**
 * Reading bookings: one by id, lists, a doctor's day, a location's day. Every answer is within
 * the caller's scope (`visibleBookings`), whatever the filters say; each request leaves one
 * audit event (`booking.read` or `booking.search`), a refusal recorded as `denied` before the 404.
 */
export class BookingQueries {
  constructor(
    readonly deps: { db: Database; audit: AuditLog; scope: PatientScope; clock: () => Date },
  ) {}

  async get(actor: Actor, id: string): Promise<BookingView> {
    const { db, audit, clock } = this.deps;
    const row = await new BookingReadRepository(db).get(id);
    const visible = row !== null && canSeeBooking(identityOf(actor), row);
    // A denial names whose booking was asked for, so it shows in that patient's access log.
    await audit.record(db, actor, {
      ...bookingEvent('booking.read', { id, patientId: row?.patientId ?? null }),
      outcome: visible ? 'success' : 'denied',
    });
    if (!visible) throw new NotFound('Booking');
    return presentAt(row, clock());
  }

  /** Bookings in the caller's scope; the filters narrow it, never widen it. */
  async search(actor: Actor, query: ListBookingsInput): Promise<BookingPageView> {
    const filter: BookingFilter = {
      ...this.filtersOf(query),
      patientId: query.patientId,
      doctorId: query.doctorId,
      locationId: query.locationId,
      diagnosticLocationId: query.diagnosticLocationId,
      limit: query.limit,
    };
    return this.list(actor, filter, query.cursor, null);
  }

  /** A patient's bookings, if the caller may see the patient; then only those they may see. */
  async forPatient(
    actor: Actor,
    patientId: string,
    query: ListPatientBookingsInput,
  ): Promise<BookingPageView> {
    const { db, audit } = this.deps;
    const filter = { ...this.filtersOf(query), patientId, limit: query.limit };
    if (!(await this.deps.scope.canAccess(db, identityOf(actor), patientId))) {
      await audit.record(db, actor, {
        ...bookingEvent('booking.search', { id: null, patientId }),
        outcome: 'denied',
      });
      throw new NotFound('Patient');
    }
    return this.list(actor, filter, query.cursor, patientId);
  }

  /** A doctor's local day: the doctor themself, or staff of the doctor's location. */
  async doctorDay(
    actor: Actor,
    doctorId: string,
    query: ListDayBookingsInput,
  ): Promise<DayBookingPageView> {
    const identity = identityOf(actor);
    const home = await new BookingReadRepository(this.deps.db).doctorLocation(doctorId);
    const allowed =
      home !== null &&
      (identity.role === 'doctor'
        ? identity.doctorId === doctorId
        : identity.role === 'staff' && identity.locationIds.includes(home.locationId));
    if (!allowed) return this.refuseSearch(actor, new NotFound('Doctor'));
    const day = localDay(query.date, home.timeZone);
    const filter = { ...day, doctorId, statuses: query.status, limit: query.limit };
    return this.dayList(actor, filter, query.cursor);
  }

  /** A location's local day: its staff only. */
  async locationDay(
    actor: Actor,
    locationId: string,
    query: ListDayBookingsInput,
  ): Promise<DayBookingPageView> {
    const identity = identityOf(actor);
    const works = identity.role === 'staff' && identity.locationIds.includes(locationId);
    const zone = works
      ? await new BookingReadRepository(this.deps.db).locationZone(locationId)
      : null;
    if (zone === null) return this.refuseSearch(actor, new NotFound('Location'));
    const day = localDay(query.date, zone);
    const filter = { ...day, locationId, statuses: query.status, limit: query.limit };
    return this.dayList(actor, filter, query.cursor);
  }

  /** One page in scope and one `booking.search` event; `patientId` names whose list it is. */
  private list(
    actor: Actor,
    filter: BookingFilter,
    cursor: string | undefined,
    patientId: string | null,
  ): Promise<BookingPageView> {
    return this.page(
      actor,
      filter,
      cursor,
      patientId,
      (repo, scope, after, now) => repo.list(scope, filter, after, now),
      presentAt,
    );
  }

  /** A day's page: as `list`, each booking with its patient's name, read in the same query. */
  private dayList(
    actor: Actor,
    filter: BookingFilter,
    cursor: string | undefined,
  ): Promise<DayBookingPageView> {
    return this.page(
      actor,
      filter,
      cursor,
      null,
      (repo, scope, after, now) => repo.list(scope, filter, after, now, { patientNames: true }),
      presentDayBooking,
    );
  }

  private async page<R extends ListedBooking, T>(
    actor: Actor,
    filter: BookingFilter,
    cursor: string | undefined,
    patientId: string | null,
    read: (
      repo: BookingReadRepository,
      scope: SQL,
      after: Position | null,
      now: Date,
    ) => Promise<R[]>,
    present: (row: R, now: Date) => T,
  ): Promise<{ items: T[]; nextCursor: string | null }> {
    const { db, audit, clock } = this.deps;
    const after = decodeCursor(cursor, SORT, START_KEY);
    const now = clock();
    const scope = visibleBookings(identityOf(actor));
    const rows = await read(new BookingReadRepository(db), scope, after, now);
    await audit.record(db, actor, {
      ...bookingEvent('booking.search', { id: null, patientId }),
      outcome: 'success',
    });
    return toPage(
      rows,
      filter.limit,
      SORT,
      (row) => row.startKey,
      (row) => present(row, now),
    );
  }

  private async refuseSearch(actor: Actor, answer: NotFound): Promise<never> {
    await this.deps.audit.record(this.deps.db, actor, {
      ...bookingEvent('booking.search', { id: null, patientId: null }),
      outcome: 'denied',
    });
    throw answer;
  }

  /** The status and start-range filters, checked before any data is read. */
  private filtersOf(query: Pick<ListBookingsInput, 'status' | 'from' | 'to'>) {
    const from = query.from ? new Date(Temporal.Instant.from(query.from).epochMilliseconds) : null;
    const to = query.to ? new Date(Temporal.Instant.from(query.to).epochMilliseconds) : null;
    if (from && to && to < from) {
      throw new Unprocessable('invalid-range', '`to` must not be before `from`', [
        { field: 'to', in: 'query', message: 'must not be before `from`' },
      ]);
    }
    return { statuses: query.status, from: from ?? undefined, to: to ?? undefined };
  }
}

/** [start of the local date, start of the next one) in `timeZone`: 23 or 25 hours across DST. */
function localDay(date: string, timeZone: string): { from: Date; to: Date } {
  const day = parseLocalDate(date);
  const startOf = (d: Temporal.PlainDate) =>
    new Date(d.toZonedDateTime({ timeZone }).epochMilliseconds);
  return { from: startOf(day), to: startOf(day.add({ days: 1 })) };
}
