import type { Database } from '../../src/db/client.js';
import { doctorExtraHours, doctorTimeOff, doctorWorkingHours } from '../../src/db/schema/index.js';

// A doctor's own schedule rows straight into the tables, as factories.ts does for the directory.

/** A doctor's own weekly hours `[weekday, 'HH:MM', 'HH:MM']`. */
export async function makeDoctorHours(
  db: Database,
  doctorId: string,
  intervals: [number, string, string][],
): Promise<void> {
  if (intervals.length === 0) return;
  await db
    .insert(doctorWorkingHours)
    .values(
      intervals.map(([weekday, opensAt, closesAt]) => ({ doctorId, weekday, opensAt, closesAt })),
    );
}

/** Whole local days off, first and last inclusive. */
export async function makeDaysOff(
  db: Database,
  doctorId: string,
  startsOn: string,
  endsOn = startsOn,
): Promise<void> {
  await db.insert(doctorTimeOff).values({ doctorId, startsOn, endsOn });
}

/** Time off between two instants (half-open). */
export async function makeTimeOff(
  db: Database,
  doctorId: string,
  startsAt: string,
  endsAt: string,
): Promise<void> {
  await db
    .insert(doctorTimeOff)
    .values({ doctorId, startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
}

/** Hours added on one local date; closing before opening runs into the next day. */
export async function makeExtraHours(
  db: Database,
  doctorId: string,
  date: string,
  opensAt: string,
  closesAt: string,
): Promise<void> {
  await db.insert(doctorExtraHours).values({ doctorId, date, opensAt, closesAt });
}
