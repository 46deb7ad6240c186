import { and, asc, eq, gte, inArray, isNotNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { localTimeText as hhmm, instantParam as instant } from '../../db/fragments.js';
import { occupyingAt, overlapsPeriod } from '../../db/occupancy.js';
import {
  bookings,
  diagnosticLocations,
  diagnostics,
  doctorExtraHours,
  doctors,
  doctorTimeOff,
  doctorWorkingHours,
  locations,
  workingHours,
} from '../../db/schema/index.js';
import type { WorkingInterval } from '../locations/index.js';

/** Which bookable: a doctor, or a diagnostic location (a diagnostic offered at a location). */
export type BookableRef = { doctorId: string } | { diagnosticLocationId: string };

/** What is booked: a doctor, or a diagnostic location. */
export type BookableKind = 'doctor' | 'diagnosticLocation';

/** What the slot engine needs to know about a bookable: its id, location, grid and price. */
export interface Bookable {
  /** The doctor's or the diagnostic location's id. */
  id: string;
  timeZone: string;
  locationId: string;
  slotMinutes: number;
  capacity: number;
  /** Price now, in the location's currency: a booking copies both. */
  price: string;
  currency: string;
  /** For a diagnostic location, the diagnostic it offers; null for a doctor. */
  diagnosticId: string | null;
}

/** Local dates, inclusive, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/** Instants, half-open. */
export interface InstantWindow {
  from: Date;
  to: Date;
}

/** A time-off row: whole local days (startsOn..endsOn) or instants (startsAt..endsAt). */
export interface TimeOffRow {
  doctorId: string;
  startsOn: string | null;
  endsOn: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface ExtraHoursRow {
  doctorId: string;
  date: string;
  opensAt: string;
  closesAt: string;
}

export interface BusyRow {
  bookableId: string;
  startAt: Date;
  endAt: Date;
}

export class SchedulingRepository {
  constructor(private readonly db: Executor) {}

  /** An active doctor at an active location, with its appointment length; else null. */
  async doctor(id: string): Promise<Bookable | null> {
    const [row] = await this.activeDoctors(eq(doctors.id, id));
    return row ?? null;
  }

  /** An active diagnostic location of an active diagnostic at an active location; else null. */
  async diagnosticLocation(id: string): Promise<Bookable | null> {
    const [row] = await this.activeDiagnosticLocations(eq(diagnosticLocations.id, id));
    return row ?? null;
  }

  /** Weekly hours of several locations: one query however many. */
  locationHours(
    locationIds: readonly string[],
  ): Promise<(WorkingInterval & { locationId: string })[]> {
    return this.db
      .select({
        locationId: workingHours.locationId,
        weekday: workingHours.weekday,
        opensAt: hhmm(workingHours.opensAt),
        closesAt: hhmm(workingHours.closesAt),
      })
      .from(workingHours)
      .where(inArray(workingHours.locationId, [...locationIds]));
  }

  /** Doctors' own weekly hours (none: they work their location's). */
  doctorHours(doctorIds: readonly string[]): Promise<(WorkingInterval & { doctorId: string })[]> {
    return this.db
      .select({
        doctorId: doctorWorkingHours.doctorId,
        weekday: doctorWorkingHours.weekday,
        opensAt: hhmm(doctorWorkingHours.opensAt),
        closesAt: hhmm(doctorWorkingHours.closesAt),
      })
      .from(doctorWorkingHours)
      .where(inArray(doctorWorkingHours.doctorId, [...doctorIds]));
  }

  /** Time off touching the dates (whole days) or the window (instants). */
  timeOff(
    doctorIds: readonly string[],
    dates: DateRange,
    window: InstantWindow,
  ): Promise<TimeOffRow[]> {
    const t = doctorTimeOff;
    return this.db
      .select({
        doctorId: t.doctorId,
        startsOn: t.startsOn,
        endsOn: t.endsOn,
        startsAt: t.startsAt,
        endsAt: t.endsAt,
      })
      .from(t)
      .where(
        and(
          inArray(t.doctorId, [...doctorIds]),
          or(
            and(isNotNull(t.startsOn), lte(t.startsOn, dates.to), gte(t.endsOn, dates.from)),
            and(
              isNotNull(t.startsAt),
              sql`${t.startsAt} < ${instant(window.to)}`,
              sql`${t.endsAt} > ${instant(window.from)}`,
            ),
          ),
        ),
      );
  }

  /** Extra hours on the dates. */
  extraHours(doctorIds: readonly string[], dates: DateRange): Promise<ExtraHoursRow[]> {
    const e = doctorExtraHours;
    return this.db
      .select({
        doctorId: e.doctorId,
        date: e.date,
        opensAt: hhmm(e.opensAt),
        closesAt: hhmm(e.closesAt),
      })
      .from(e)
      .where(
        and(inArray(e.doctorId, [...doctorIds]), gte(e.date, dates.from), lte(e.date, dates.to)),
      );
  }

  /** Active doctors of a specialty at active locations (optionally one), by id. */
  doctorsOf(specialtyId: string, locationId: string | undefined): Promise<Bookable[]> {
    return this.activeDoctors(
      and(
        eq(doctors.specialtyId, specialtyId),
        locationId === undefined ? undefined : eq(locations.id, locationId),
      ),
    );
  }

  /** Active diagnostic locations of an active diagnostic (optionally at one location), by id. */
  diagnosticLocationsOf(diagnosticId: string, locationId: string | undefined): Promise<Bookable[]> {
    return this.activeDiagnosticLocations(
      and(
        eq(diagnosticLocations.diagnosticId, diagnosticId),
        locationId === undefined ? undefined : eq(locations.id, locationId),
      ),
    );
  }

  /** Active doctors at active locations matching `where`, as bookables, by id. */
  private async activeDoctors(where: SQL | undefined): Promise<Bookable[]> {
    const rows = await this.db
      .select({
        id: doctors.id,
        timeZone: locations.timeZone,
        locationId: locations.id,
        slotMinutes: doctors.appointmentMinutes,
        price: doctors.price,
        currency: locations.currency,
      })
      .from(doctors)
      .innerJoin(locations, eq(locations.id, doctors.locationId))
      .where(and(where, eq(doctors.active, true), eq(locations.active, true)))
      .orderBy(asc(doctors.id));
    return rows.map((row) => ({ ...row, capacity: 1, diagnosticId: null }));
  }

  /** Active diagnostic locations matching `where`, diagnostic and location active too, by id. */
  private activeDiagnosticLocations(where: SQL | undefined): Promise<Bookable[]> {
    return this.db
      .select({
        id: diagnosticLocations.id,
        timeZone: locations.timeZone,
        locationId: locations.id,
        slotMinutes: diagnostics.durationMinutes,
        capacity: diagnosticLocations.capacity,
        price: diagnosticLocations.price,
        currency: locations.currency,
        diagnosticId: diagnosticLocations.diagnosticId,
      })
      .from(diagnosticLocations)
      .innerJoin(diagnostics, eq(diagnostics.id, diagnosticLocations.diagnosticId))
      .innerJoin(locations, eq(locations.id, diagnosticLocations.locationId))
      .where(
        and(
          where,
          eq(diagnosticLocations.active, true),
          eq(diagnostics.active, true),
          eq(locations.active, true),
        ),
      )
      .orderBy(asc(diagnosticLocations.id));
  }

  /**
   * Taken time of several doctors or diagnostic locations within [from, to): bookings in a taken
   * status and holds that have not expired. The range test matches the exclusion constraints'
   * GiST indexes, so only the window is read however many bookings exist.
   */
  busyOfMany(
    kind: BookableKind,
    ids: readonly string[],
    window: InstantWindow,
    now: Date,
  ): Promise<BusyRow[]> {
    const column = kind === 'doctor' ? bookings.doctorId : bookings.diagnosticLocationId;
    return this.db
      .select({
        bookableId: sql<string>`${column}`,
        startAt: bookings.startAt,
        endAt: bookings.endAt,
      })
      .from(bookings)
      .where(and(inArray(column, [...ids]), ...activeIn(window, now)));
  }

  /** Taken time of a doctor or a diagnostic location within the window, as `busyOfMany` reads it. */
  busy(bookable: BookableRef, window: InstantWindow, now: Date) {
    return 'doctorId' in bookable
      ? this.busyOfMany('doctor', [bookable.doctorId], window, now)
      : this.busyOfMany('diagnosticLocation', [bookable.diagnosticLocationId], window, now);
  }
}

/** Bookings that occupy their time (taken, or live holds), overlapping the window. */
function activeIn(window: InstantWindow, now: Date): SQL[] {
  return [occupyingAt(now), overlapsPeriod(window.from, window.to)];
}
