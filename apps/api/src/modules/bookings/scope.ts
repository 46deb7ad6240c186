import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { bookings } from '../../db/schema/index.js';
import type { Identity } from '../../shared/actor.js';

/**
 * The object rule for bookings, the booking side of `PatientScope`: a patient their own, a
 * doctor those with them, staff those at their locations, admin none. A booking outside the
 * caller's scope is answered like a missing one (404) and audited as denied.
 */
export function canSeeBooking(
  identity: Identity,
  booking: { patientId: string; doctorId: string | null; locationId: string },
): boolean {
  switch (identity.role) {
    case 'patient':
      return identity.patientId === booking.patientId;
    case 'doctor':
      return identity.doctorId !== null && identity.doctorId === booking.doctorId;
    case 'staff':
      return identity.locationIds.includes(booking.locationId);
    default:
      return false;
  }
}

/** The same rule as a SQL condition on `bookings`, for lists. */
export function visibleBookings(identity: Identity): SQL {
  if (identity.role === 'patient' && identity.patientId) {
    return eq(bookings.patientId, identity.patientId);
  }
  if (identity.role === 'doctor' && identity.doctorId) {
    return eq(bookings.doctorId, identity.doctorId);
  }
  if (identity.role === 'staff' && identity.locationIds.length > 0) {
    return inArray(bookings.locationId, [...identity.locationIds]);
  }
  return sql`false`;
}
