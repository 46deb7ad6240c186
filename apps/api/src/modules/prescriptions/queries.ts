import type {
  ListPatientPrescriptionsInput,
  PrescriptionHistoryView,
  PrescriptionListView,
  PrescriptionPageView,
  PrescriptionStatus,
  PrescriptionView,
} from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { NotFound } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import type { AuditLog } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import { prescriptionEvent, presentPrescription } from './present.js';
import { PrescriptionRepository } from './repository.js';
import { OPEN_STATUSES } from './transitions.js';

const SORT = 'newest';
/** A cursor's value is a prescription (lineage) id. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reading prescriptions: one (its current revision), its history, a visit's, a patient's
 * medication list. The object rule is the patient's (`PatientScope`): the patient, the doctors
 * who treat them, the staff of their locations. Each request leaves one audit event; a refusal
 * is recorded as `denied`, then answered with the same 404 as a missing id.
 */
export class PrescriptionQueries {
  constructor(readonly deps: { db: Database; audit: AuditLog; scope: PatientScope }) {}

  async get(actor: Actor, id: string): Promise<PrescriptionView> {
    const row = await new PrescriptionRepository(this.deps.db).current(id);
    await this.check(actor, 'prescription.read', id, row?.patientId ?? null, 'Prescription');
    return presentPrescription(row!);
  }

  /** Every revision, oldest first. */
  async history(actor: Actor, id: string): Promise<PrescriptionHistoryView> {
    const rows = await new PrescriptionRepository(this.deps.db).history(id);
    await this.check(actor, 'prescription.history', id, rows[0]?.patientId ?? null, 'Prescription');
    return { items: rows.map(presentPrescription) };
  }

  /** The current revisions of a visit's prescriptions. */
  async forBooking(actor: Actor, bookingId: string): Promise<PrescriptionListView> {
    const repo = new PrescriptionRepository(this.deps.db);
    const visit = await repo.visit(bookingId);
    await this.check(actor, 'prescription.search', null, visit?.patientId ?? null, 'Booking');
    return { items: (await repo.currentForBooking(bookingId)).map(presentPrescription) };
  }

  /** A patient's prescriptions, newest first: with `current=true`, their current medications. */
  async forPatient(
    actor: Actor,
    patientId: string,
    query: ListPatientPrescriptionsInput,
  ): Promise<PrescriptionPageView> {
    const { db, audit, scope } = this.deps;
    const event = prescriptionEvent('prescription.search', { id: null, patientId });
    if (!(await scope.canAccess(db, identityOf(actor), patientId))) {
      await audit.record(db, actor, { ...event, outcome: 'denied' });
      throw new NotFound('Patient');
    }
    const after = decodeCursor(query.cursor, SORT, UUID);
    const rows = await new PrescriptionRepository(db).currentForPatient(patientId, {
      statuses: statusesOf(query),
      before: after?.value,
      limit: query.limit,
    });
    await audit.record(db, actor, { ...event, outcome: 'success' });
    return toPage(rows, query.limit, SORT, (row) => row.lineageId, presentPrescription);
  }

  /**
   * Records the request's one event and refuses (404 `resource`) unless the caller may see
   * `patientId`'s records; a null `patientId` means there is no such record.
   */
  private async check(
    actor: Actor,
    action: string,
    id: string | null,
    patientId: string | null,
    resource: string,
  ): Promise<void> {
    const { db, audit, scope } = this.deps;
    const visible = patientId !== null && (await scope.canAccess(db, identityOf(actor), patientId));
    await audit.record(db, actor, {
      ...prescriptionEvent(action, { id, patientId }),
      outcome: visible ? 'success' : 'denied',
    });
    if (!visible) throw new NotFound(resource);
  }
}

/** The statuses asked for: `status`, narrowed to the open ones by `current=true`. */
function statusesOf(query: ListPatientPrescriptionsInput): PrescriptionStatus[] | undefined {
  if (!query.current) return query.status ? [...query.status] : undefined;
  return OPEN_STATUSES.filter((status) => !query.status || query.status.includes(status));
}
