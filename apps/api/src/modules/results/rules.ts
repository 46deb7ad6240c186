import type { BookingStatus, ReportStatus } from '@medsync/contracts';
import type { Identity } from '../../shared/actor.js';

// Who writes reports, on which bookings, and how a report's status may move.

/**
 * A report is written once the patient has come: a checked-in booking (the sample is taken, the
 * scan is running) or a completed one. Anything else (held, booked, cancelled, no-show,
 * expired) has produced nothing to report on: 409 `booking-not-reportable`.
 */
export const REPORTABLE_BOOKING_STATUSES: readonly BookingStatus[] = ['checked_in', 'completed'];

/** The statuses a report may be created in. */
export const INITIAL_STATUSES: readonly ReportStatus[] = ['registered', 'preliminary', 'final'];

/** Only a final report is released to its patient. */
export const RELEASABLE_STATUS: ReportStatus = 'final';

const DRAFT_ORDER: readonly ReportStatus[] = ['registered', 'preliminary', 'final'];

/**
 * The statuses a new revision may take. Before release a report moves forward (registered →
 * preliminary → final, staying is allowed: a correction during review); after release every
 * revision is `amended` or `corrected`. Either may end in `entered-in-error`, which is final.
 */
export function revisionStatuses(
  current: ReportStatus,
  released: boolean,
): readonly ReportStatus[] {
  if (current === 'entered-in-error') return [];
  if (released) return ['amended', 'corrected', 'entered-in-error'];
  const from = DRAFT_ORDER.indexOf(current);
  return [...DRAFT_ORDER.slice(Math.max(from, 0)), 'entered-in-error'];
}

/** Writers of a booking's reports: staff of its location (the lab) and the booking's doctor. */
export function writesForBooking(
  identity: Identity,
  booking: { locationId: string; doctorId: string | null },
): boolean {
  if (identity.role === 'staff') return identity.locationIds.includes(booking.locationId);
  return (
    identity.role === 'doctor' &&
    identity.doctorId !== null &&
    identity.doctorId === booking.doctorId
  );
}

/** Writers of a report (revise, release): staff of its location and its ordering doctor. */
export function writesReport(
  identity: Identity,
  report: { locationId: string; orderingDoctorId: string | null },
): boolean {
  return writesForBooking(identity, {
    locationId: report.locationId,
    doctorId: report.orderingDoctorId,
  });
}

/**
 * Who acknowledges a report's critical values: its ordering doctor; for a booked diagnostic
 * with no ordering doctor, staff of the location.
 */
export function acknowledgesCritical(
  identity: Identity,
  report: { locationId: string; orderingDoctorId: string | null },
): boolean {
  if (report.orderingDoctorId !== null) {
    return identity.role === 'doctor' && identity.doctorId === report.orderingDoctorId;
  }
  return identity.role === 'staff' && identity.locationIds.includes(report.locationId);
}
