import { and, eq, exists, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { bookings, patients } from '../../db/schema/index.js';
import type { Identity } from '../../shared/actor.js';

/**
 * The object rule for patient data, used by every module that holds some (profiles, bookings,
 * prescriptions, results, orders): may this identity see this patient's records?
 *
 * - patient: only themselves;
 * - doctor: patients who have (or had) a booking with them;
 * - staff: patients registered at one of their locations, or booked at one;
 * - admin: none: running the network needs no health information (minimum necessary).
 *
 * A hold that expired unconfirmed gives no access: holding a slot is not becoming a patient.
 * Callers answer `false` with the same 404 as a missing record and audit it as `denied`.
 * Lists use `visiblePatients`, the same rule as a SQL condition on `patients`.
 */
export class PatientScope {
  async canAccess(db: Executor, identity: Identity, patientId: string): Promise<boolean> {
    if (identity.role === 'patient') return identity.patientId === patientId;
    const rule = this.workforceRule(identity);
    if (rule === null) return false;
    const [row] = await db
      .select({ id: patients.id })
      .from(patients)
      .where(and(eq(patients.id, patientId), rule));
    return row !== undefined;
  }

  /** The rows of `patients` this identity may see, for a list's WHERE clause. */
  visiblePatients(identity: Identity): SQL {
    if (identity.role === 'patient' && identity.patientId) {
      return eq(patients.id, identity.patientId);
    }
    return this.workforceRule(identity) ?? sql`false`;
  }

  private workforceRule(identity: Identity): SQL | null {
    const bookedWhere = (condition: SQL) =>
      exists(
        sql`(select 1 from ${bookings} where ${and(
          sql`${bookings.patientId} = ${patients.id}`,
          ne(bookings.status, 'expired'),
          condition,
        )})`,
      );
    if (identity.role === 'doctor' && identity.doctorId) {
      return bookedWhere(eq(bookings.doctorId, identity.doctorId));
    }
    if (identity.role === 'staff' && identity.locationIds.length > 0) {
      const locationIds = [...identity.locationIds];
      return or(
        inArray(patients.registeredAtLocationId, locationIds),
        bookedWhere(inArray(bookings.locationId, locationIds)),
      ) as SQL;
    }
    return null;
  }
}
