import type {
  CreatePatientInput,
  ListPatientsInput,
  MeView,
  PatientSummaryView,
  PatientView,
  UpdatePatientInput,
} from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import type { PatientRow } from '../../db/schema/index.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { type AuditLog, auditedWrite, deny } from '../audit/index.js';
import { EARLIEST_BIRTH_DATE, implausibleBirthDate } from './date-of-birth.js';
import { PatientRepository } from './repository.js';
import type { PatientScope } from './scope.js';

/** The API shape of a profile; the record shows it too. */
export const presentPatient = (row: PatientRow): PatientView => ({
  id: row.id,
  fullName: row.fullName,
  dateOfBirth: row.dateOfBirth,
  sex: row.sex as PatientView['sex'],
  phone: row.phone,
  email: row.email,
  registeredAtLocationId: row.registeredAtLocationId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const presentSummary = (row: PatientRow): PatientSummaryView => ({
  id: row.id,
  fullName: row.fullName,
  dateOfBirth: row.dateOfBirth,
  sex: row.sex as PatientView['sex'],
  registeredAtLocationId: row.registeredAtLocationId,
});

const patientEvent = (action: string, patientId: string | null) => ({
  action,
  resourceType: 'patient',
  resourceId: patientId,
  patientId,
});

/** Patient profiles: every read, search, write and denial leaves one audit event. */
export class PatientService {
  constructor(
    readonly deps: { db: Database; audit: AuditLog; scope: PatientScope; clock: () => Date },
  ) {}

  /** The caller's identity and, for a patient, their own profile (an audited read). */
  async me(actor: Actor): Promise<MeView> {
    const identity = identityOf(actor);
    const { patientId } = identity;
    const row = patientId ? await new PatientRepository(this.deps.db).get(patientId) : null;
    if (patientId) {
      await this.deps.audit.record(this.deps.db, actor, {
        ...patientEvent('patient.read', patientId),
        outcome: row ? 'success' : 'failure',
      });
    }
    return {
      accountId: identity.accountId,
      role: identity.role,
      patientId,
      doctorId: identity.doctorId,
      locationIds: [...identity.locationIds],
      patient: row ? presentPatient(row) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<PatientView> {
    const { db, audit, scope } = this.deps;
    const allowed = await scope.canAccess(db, identityOf(actor), id);
    const row = allowed ? await new PatientRepository(db).get(id) : null;
    await audit.record(db, actor, {
      ...patientEvent('patient.read', id),
      outcome: row ? 'success' : 'denied',
    });
    if (!row) throw new NotFound('Patient');
    return presentPatient(row);
  }

  /** Registration at the desk: the patient is served by the staff of that location from now on. */
  async create(actor: Actor, input: CreatePatientInput): Promise<PatientView> {
    const identity = identityOf(actor);
    const { locationId, ...profile } = input;
    this.checkDateOfBirth(profile.dateOfBirth);
    return auditedWrite(this.deps, actor, patientEvent('patient.create', null), async (tx) => {
      // The same answer whether the location exists or not: other locations stay unlisted.
      if (!identity.locationIds.includes(locationId)) {
        deny(
          new Unprocessable('invalid-location', 'Patients are registered at your own locations', [
            { field: 'locationId', message: 'must be one of your locations' },
          ]),
        );
      }
      const row = await new PatientRepository(tx).create({
        ...profile,
        registeredAtLocationId: locationId,
      });
      await this.deps.audit.record(tx, actor, {
        ...patientEvent('patient.create', row.id),
        outcome: 'success',
      });
      return presentPatient(row);
    });
  }

  async update(actor: Actor, id: string, changes: UpdatePatientInput): Promise<PatientView> {
    const identity = identityOf(actor);
    this.checkDateOfBirth(changes.dateOfBirth);
    const event = patientEvent('patient.update', id);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      if (!(await this.deps.scope.canAccess(tx, identity, id))) deny(new NotFound('Patient'));
      const repo = new PatientRepository(tx);
      const row = await repo.update(id, changes);
      if (!row && (await repo.isErased(id))) {
        // Erasure pseudonymised the profile for good: contact details are not put back.
        throw new Conflict('patient-erased', 'This patient’s account was erased');
      }
      if (!row) deny(new NotFound('Patient'));
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
      return presentPatient(row);
    });
  }

  /** Patients in the caller's scope only; one `patient.search` event however many are listed. */
  async search(actor: Actor, query: ListPatientsInput) {
    const { db, audit, scope } = this.deps;
    const visible = scope.visiblePatients(identityOf(actor));
    const rows = await new PatientRepository(db).list(
      visible,
      query,
      decodeCursor(query.cursor, 'name'),
    );
    await audit.record(db, actor, { ...patientEvent('patient.search', null), outcome: 'success' });
    return toPage(rows, query.limit, 'name', (row) => row.fullName, presentSummary);
  }

  private checkDateOfBirth(date: string | undefined): void {
    const problem = date === undefined ? null : implausibleBirthDate(date, this.deps.clock());
    if (!problem) return;
    const message = problem === 'future' ? 'must not be in the future' : 'is too early';
    throw new Unprocessable('invalid-date-of-birth', 'The date of birth is not plausible', [
      { field: 'dateOfBirth', message: `${message} (from ${EARLIEST_BIRTH_DATE} to today)` },
    ]);
  }
}
