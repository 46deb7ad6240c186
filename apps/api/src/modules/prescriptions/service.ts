import {
  type ChangePrescriptionStatusInput,
  type CreatePrescriptionInput,
  MAX_PRESCRIPTION_REVISIONS,
  MAX_PRESCRIPTIONS_PER_BOOKING,
  type PrescriptionStatus,
  type PrescriptionView,
  type RevisePrescriptionInput,
} from '@medsync/contracts';
import type { Temporal } from 'temporal-polyfill';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import { type TransactionHook, withinHook } from '../../db/transaction-hook.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { Conflict, type FieldError, NotFound, Unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseLocalDate } from '../../shared/wall-clock.js';
import { type AuditLog, auditedWrite, deny } from '../audit/index.js';
import {
  type PrescriptionRecord,
  prescriptionEvent,
  presentPrescription,
  visitDate,
} from './present.js';
import { type NewPrescription, PrescriptionRepository } from './repository.js';
import { canTransition, OPEN_STATUSES } from './transitions.js';

/** A visit: the doctor has seen, or is seeing, the patient. */
const VISIT_STATUSES = ['checked_in', 'completed'];
/** Without a `validUntil`, a prescription may be filled for this many days from `validFrom`. */
export const DEFAULT_VALIDITY_DAYS = 90;
const MAX_VALIDITY_DAYS = 366;

type Content = Omit<CreatePrescriptionInput, 'validFrom' | 'validUntil'>;
/** What a new revision changes of the one it replaces. */
type Changes = Partial<NewPrescription> & Pick<NewPrescription, 'change' | 'reason'>;

const revisionConflict = (current: number) =>
  new Conflict(
    'revision-conflict',
    `The prescription has changed (now revision ${current}); read it again and retry`,
  );
/** A second current revision or a duplicate revision number: someone else's revision won. */
const RACES = {
  prescriptions_current_idx: () => revisionConflict(0),
  prescriptions_revision_idx: () => revisionConflict(0),
};

/**
 * Writing prescriptions: the doctor of a visit writes them, and only that doctor corrects them
 * or changes their status. Nothing is changed in place: each change retires the current revision
 * (compare-and-swap on `superseded_at IS NULL`) and appends the next, in one audited transaction.
 */
export class PrescriptionService {
  constructor(readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}

  /** Writes a prescription in a visit; `hook` runs inside its transaction (an Idempotency-Key). */
  async create(
    actor: Actor,
    bookingId: string,
    input: CreatePrescriptionInput,
    hook?: TransactionHook<PrescriptionView>,
  ): Promise<PrescriptionView> {
    const identity = identityOf(actor);
    const attempt = prescriptionEvent('prescription.create', { id: null, patientId: null });
    return auditedWrite(this.deps, actor, attempt, (tx) =>
      withinHook(tx, hook, async () => {
        const repo = new PrescriptionRepository(tx);
        // Locked: a visit's prescriptions are counted and written one writer at a time.
        const visit = await repo.visit(bookingId, true);
        attempt.patientId = visit?.patientId ?? null;
        if (!visit || !prescribes(identity, visit.doctorId)) deny(new NotFound('Booking'));
        if (!VISIT_STATUSES.includes(visit.status)) {
          throw new Conflict(
            'not-a-visit',
            `Prescriptions are written in a checked-in or completed visit; this booking is ${visit.status}`,
          );
        }
        if ((await repo.countForBooking(bookingId)) >= MAX_PRESCRIPTIONS_PER_BOOKING) {
          throw new Conflict(
            'too-many-prescriptions',
            `A visit holds at most ${MAX_PRESCRIPTIONS_PER_BOOKING} prescriptions`,
          );
        }
        const id = newId();
        const row = await repo.insert({
          id,
          lineageId: id,
          revision: 1,
          patientId: visit.patientId,
          bookingId,
          doctorId: visit.doctorId!,
          locationId: visit.locationId,
          status: 'active',
          change: 'created',
          ...contentOf(input),
          ...validityOf(input, visitDate(visit.startAt, visit.timeZone)),
          reason: null,
          authorAccountId: identity.accountId,
          createdAt: this.deps.clock(),
        });
        await this.deps.audit.record(tx, actor, {
          ...prescriptionEvent('prescription.create', { id, patientId: visit.patientId }),
          outcome: 'success',
        });
        return presentPrescription(row);
      }),
    );
  }

  /** A creation replayed from its Idempotency-Key hands the prescription out again: audited as a read. */
  async recordReplay(actor: Actor, prescription: PrescriptionView): Promise<void> {
    await this.deps.audit.record(this.deps.db, actor, {
      ...prescriptionEvent('prescription.replay', prescription),
      outcome: 'success',
    });
  }

  /** A correction of the content of an open (active or on-hold) prescription: a new revision. */
  revise(actor: Actor, id: string, input: RevisePrescriptionInput): Promise<PrescriptionView> {
    return this.append(actor, 'prescription.revise', id, input.revision, (current) => {
      if (!OPEN_STATUSES.includes(current.status as PrescriptionStatus)) {
        throw new Conflict(
          'prescription-closed',
          `A ${current.status} prescription cannot be corrected; write a new one`,
        );
      }
      const { revision: _, reason, validFrom, validUntil, ...content } = input;
      return {
        change: 'revised',
        reason,
        ...contentOf(content),
        ...validityOf({ validFrom, validUntil }, visitDate(current.visitStartAt, current.timeZone)),
      };
    });
  }

  /** A status change along `NEXT_STATUSES`: a new revision with the same content. */
  changeStatus(
    actor: Actor,
    id: string,
    input: ChangePrescriptionStatusInput,
  ): Promise<PrescriptionView> {
    return this.append(actor, 'prescription.change-status', id, input.revision, (current) => {
      const from = current.status as PrescriptionStatus;
      if (!canTransition(from, input.status)) {
        throw new Conflict(
          'invalid-transition',
          `A prescription that is ${from} cannot become ${input.status} (${from} → ${input.status})`,
        );
      }
      return { change: 'status-changed', reason: input.reason, status: input.status };
    });
  }

  /**
   * The current revisions of all of a patient's prescriptions, newest first, every status: one
   * query, not audited (the patient's record audits its one read).
   */
  async prescriptionsForRecord(db: Executor, patientId: string): Promise<PrescriptionView[]> {
    const rows = await new PrescriptionRepository(db).allCurrentForPatient(patientId);
    return rows.map(presentPrescription);
  }

  /**
   * Retires the current revision (if it is still `revision`) and appends the next with
   * `changes`, in one transaction; only the prescribing doctor may, anyone else gets a 404.
   */
  private append(
    actor: Actor,
    action: string,
    id: string,
    revision: number,
    next: (current: PrescriptionRecord) => Changes,
  ): Promise<PrescriptionView> {
    const identity = identityOf(actor);
    const attempt = prescriptionEvent(action, { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new PrescriptionRepository(tx);
      const current = await repo.current(id);
      attempt.patientId = current?.patientId ?? null;
      if (!current || !prescribes(identity, current.doctorId)) deny(new NotFound('Prescription'));
      if (current.revision !== revision) throw revisionConflict(current.revision);
      if (current.revision >= MAX_PRESCRIPTION_REVISIONS) {
        throw new Conflict(
          'too-many-revisions',
          `A prescription takes at most ${MAX_PRESCRIPTION_REVISIONS} revisions; write a new one`,
        );
      }
      const changes = next(current);
      const now = this.deps.clock();
      if (!(await repo.retire(current.id, now))) throw revisionConflict(current.revision + 1);
      const row = await repo
        .insert({
          ...carried(current),
          ...changes,
          id: newId(),
          lineageId: current.lineageId,
          revision: current.revision + 1,
          replacesId: current.id,
          authorAccountId: identity.accountId,
          createdAt: now,
        })
        .catch((err: unknown) => rethrowConstraint(err, RACES));
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return presentPrescription(row);
    });
  }
}

/** Only the doctor of the visit writes its prescriptions. */
const prescribes = (identity: Identity, doctorId: string | null) =>
  identity.role === 'doctor' && identity.doctorId !== null && identity.doctorId === doctorId;

/** What a new revision keeps of the one it replaces, unless its changes say otherwise. */
function carried(row: PrescriptionRecord) {
  return {
    patientId: row.patientId,
    bookingId: row.bookingId,
    doctorId: row.doctorId,
    locationId: row.locationId,
    status: row.status,
    medicationName: row.medicationName,
    medicationStrength: row.medicationStrength,
    medicationForm: row.medicationForm,
    dose: row.dose,
    route: row.route,
    frequency: row.frequency,
    durationDays: row.durationDays,
    quantity: row.quantity,
    quantityUnit: row.quantityUnit,
    repeats: row.repeats,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    instructions: row.instructions,
    notes: row.notes,
  };
}

/** The content columns of a body; a quantity of zero is refused (the schema allows `0`). */
function contentOf(input: Content) {
  if (/^0(\.0*)?$/.test(input.quantity.value)) {
    throw new Unprocessable('invalid-quantity', 'The quantity must be above zero', [
      { field: 'quantity/value', message: 'must be above zero' },
    ]);
  }
  return {
    medicationName: input.medication.name,
    medicationStrength: input.medication.strength,
    medicationForm: input.medication.form,
    dose: input.dose,
    route: input.route,
    frequency: input.frequency,
    durationDays: input.durationDays,
    quantity: input.quantity.value,
    quantityUnit: input.quantity.unit,
    repeats: input.repeats,
    instructions: input.instructions,
    notes: input.notes ?? null,
  };
}

/**
 * The validity period: from the visit's day (or a later day given), for DEFAULT_VALIDITY_DAYS
 * unless an end is given; never before the visit, at most MAX_VALIDITY_DAYS long.
 */
function validityOf(
  input: { validFrom?: string | undefined; validUntil?: string | undefined },
  visitDay: Temporal.PlainDate,
): { validFrom: string; validUntil: string } {
  const from = input.validFrom ? parseLocalDate(input.validFrom) : visitDay;
  const until = input.validUntil
    ? parseLocalDate(input.validUntil)
    : from.add({ days: DEFAULT_VALIDITY_DAYS });
  const errors: FieldError[] = [];
  if (from.until(visitDay).days > 0) {
    errors.push({ field: 'validFrom', message: `must not be before the visit’s day, ${visitDay}` });
  }
  const length = until.since(from).days;
  if (length < 0) errors.push({ field: 'validUntil', message: 'must not be before validFrom' });
  if (length > MAX_VALIDITY_DAYS) {
    errors.push({
      field: 'validUntil',
      message: `must be at most ${MAX_VALIDITY_DAYS} days after validFrom`,
    });
  }
  if (errors.length > 0) {
    throw new Unprocessable('invalid-validity', 'The validity period is not possible', errors);
  }
  return { validFrom: from.toString(), validUntil: until.toString() };
}
