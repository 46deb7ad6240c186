import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { patients } from '../../db/schema/index.js';
import type { Identity } from '../../http/access.js';

/**
 * The object rule for patient data, used by every module that holds some (profiles, bookings,
 * prescriptions, results, orders): may this identity see this patient's records?
 *
 * - patient: only themselves;
 * - doctor: patients who have a booking with them (bookings arrive with #4: none yet);
 * - staff: patients registered at one of their locations (and, with #4, booked there);
 * - admin: none: running the network needs no health information (minimum necessary).
 *
 * Callers answer `false` with the same 404 as a missing record and audit it as `denied`.
 * Lists use `visiblePatients`, the same rule as a SQL condition on `patients`.
 */
export class PatientScope {
  async canAccess(db: Executor, identity: Identity, patientId: string): Promise<boolean> {
    switch (identity.role) {
      case 'patient':
        return identity.patientId === patientId;
      case 'staff':
        return this.registeredAtStaffLocation(db, identity, patientId);
      default:
        return false;
    }
  }

  /** The rows of `patients` this identity may see, for a list's WHERE clause. */
  visiblePatients(identity: Identity): SQL {
    if (identity.role === 'patient' && identity.patientId) {
      return eq(patients.id, identity.patientId);
    }
    if (identity.role === 'staff' && identity.locationIds.length > 0) {
      return inArray(patients.registeredAtLocationId, [...identity.locationIds]);
    }
    return sql`false`;
  }

  private async registeredAtStaffLocation(
    db: Executor,
    identity: Identity,
    patientId: string,
  ): Promise<boolean> {
    if (identity.locationIds.length === 0) return false;
    const [row] = await db
      .select({ locationId: patients.registeredAtLocationId })
      .from(patients)
      .where(eq(patients.id, patientId));
    return row?.locationId != null && identity.locationIds.includes(row.locationId);
  }
}
