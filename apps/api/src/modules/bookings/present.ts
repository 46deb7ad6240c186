import type { BookingStatus, BookingView } from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import { isLapsedHold } from '../../db/occupancy.js';
import type { BookingRow } from '../../db/schema/index.js';
import { formatInstant } from '../../shared/wall-clock.js';

/** A booking row with what its response needs from elsewhere: its location's zone, the diagnostic. */
export interface BookingRecord extends BookingRow {
  timeZone: string;
  diagnosticId: string | null;
}

const inZone = (date: Date, timeZone: string) =>
  formatInstant(Temporal.Instant.fromEpochMilliseconds(date.getTime()), timeZone);

/** The status a booking has at `now`: a hold past its expiry is expired, even before a writer releases it. */
export const statusAt = (row: BookingRow, now: Date): BookingStatus =>
  isLapsedHold(row, now) ? 'expired' : (row.status as BookingStatus);

/** The API shape of a booking: instants with the location's offset, price as fixed at booking. */
export function presentBooking(row: BookingRecord): BookingView {
  return {
    id: row.id,
    patientId: row.patientId,
    doctorId: row.doctorId,
    diagnosticLocationId: row.diagnosticLocationId,
    diagnosticId: row.diagnosticId,
    locationId: row.locationId,
    startAt: inZone(row.startAt, row.timeZone),
    endAt: inZone(row.endAt, row.timeZone),
    status: row.status as BookingStatus,
    holdExpiresAt: row.holdExpiresAt ? row.holdExpiresAt.toISOString() : null,
    reason: row.reason,
    price: row.price,
    currency: row.currency,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit event of an action on a booking: ids only. */
export const bookingEvent = (
  action: string,
  booking: { id: string | null; patientId: string | null },
) => ({
  action,
  resourceType: 'booking',
  resourceId: booking.id,
  patientId: booking.patientId,
});
