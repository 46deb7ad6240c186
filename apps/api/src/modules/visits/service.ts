import type {
  CreateVisitNoteInput,
  VisitNoteHistoryView,
  VisitNoteRevisionInput,
  VisitNoteView,
} from '@medsync/contracts';
import { MAX_VISIT_NOTE_REVISIONS } from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import type { StoredDiagnosis } from '../../db/schema/index.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { Conflict, NotFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type AuditLog, auditedWrite, deny } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import { presentVisitNote, type VisitNoteRecord, visitNoteEvent } from './present.js';
import { VisitNoteRepository } from './repository.js';

/** A booking has a visit once the patient is checked in. */
const VISITED = ['checked_in', 'completed'];

const noteExists = () =>
  new Conflict('visit-note-exists', 'This visit has a note already; write a revision of it');
const revisionConflict = () =>
  new Conflict(
    'revision-conflict',
    'The note has been revised since it was read; read it again and retry',
  );
const UNIQUE = {
  visit_notes_booking_idx: noteExists,
  visit_notes_current_idx: revisionConflict,
  visit_notes_revision_idx: revisionConflict,
};

const cleanDiagnoses = (input: CreateVisitNoteInput['diagnoses']): StoredDiagnosis[] =>
  (input ?? []).map((d) => ({ text: d.text.trim(), code: d.code ?? null }));

/**
 * Visit notes: the clinical note and diagnoses of a checked-in or completed doctor booking,
 * written by that booking's doctor alone and corrected by immutable revisions. Readers are the
 * patient and the workforce `PatientScope` admits; anything else answers 404 like a missing id.
 * Every request leaves one audit event, with ids only.
 */
export class VisitNoteService {
  constructor(readonly deps: { db: Database; audit: AuditLog; scope: PatientScope }) {}

  /** Writes the first revision of a booking's note. */
  async create(
    actor: Actor,
    bookingId: string,
    input: CreateVisitNoteInput,
  ): Promise<VisitNoteView> {
    const identity = identityOf(actor);
    const attempt = visitNoteEvent('visit-note.create', { id: null, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new VisitNoteRepository(tx);
      const booking = await repo.booking(bookingId);
      attempt.patientId = booking?.patientId ?? null;
      // A diagnostic booking has no doctor, so it is nobody's visit to write up.
      if (!booking || !isTheDoctor(identity, booking.doctorId)) deny(new NotFound('Booking'));
      if (!VISITED.includes(booking.status)) {
        throw new Conflict(
          'not-visited',
          `A booking that is ${booking.status} has no visit yet: check the patient in first`,
        );
      }
      if (await repo.currentOfBooking(bookingId)) throw noteExists();
      const id = newId();
      const row = await repo
        .insert({
          id,
          lineageId: id,
          revision: 1,
          bookingId,
          patientId: booking.patientId,
          doctorId: booking.doctorId!,
          locationId: booking.locationId,
          note: input.note.trim(),
          diagnoses: cleanDiagnoses(input.diagnoses),
          authorAccountId: identity.accountId,
        })
        .catch((err: unknown) => rethrowConstraint(err, UNIQUE));
      await this.deps.audit.record(tx, actor, {
        ...visitNoteEvent('visit-note.create', row),
        resourceId: id,
        outcome: 'success',
      });
      return presentVisitNote({ ...row, timeZone: booking.timeZone });
    });
  }

  /**
   * Corrects a note: retires the revision the caller read and writes the next, in one
   * transaction. Of two concurrent revisions one wins; the other finds the revision retired
   * (or a later one current) and gets 409 `revision-conflict`.
   */
  async revise(actor: Actor, id: string, input: VisitNoteRevisionInput): Promise<VisitNoteView> {
    const identity = identityOf(actor);
    const attempt = visitNoteEvent('visit-note.revise', { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new VisitNoteRepository(tx);
      const current = await repo.current(id);
      attempt.patientId = current?.patientId ?? null;
      if (!current || !isTheDoctor(identity, current.doctorId)) deny(new NotFound('Visit note'));
      if (current.revision !== input.revision) throw revisionConflict();
      if (current.revision >= MAX_VISIT_NOTE_REVISIONS) {
        throw new Conflict(
          'too-many-revisions',
          `A note has at most ${MAX_VISIT_NOTE_REVISIONS} revisions`,
        );
      }
      if (!(await repo.retire(current.id))) throw revisionConflict();
      const row = await repo
        .insert({
          lineageId: current.lineageId,
          revision: current.revision + 1,
          replacesId: current.id,
          bookingId: current.bookingId,
          patientId: current.patientId,
          doctorId: current.doctorId,
          locationId: current.locationId,
          note: input.note.trim(),
          diagnoses: cleanDiagnoses(input.diagnoses),
          revisionReason: input.reason.trim(),
          authorAccountId: identity.accountId,
        })
        .catch((err: unknown) => rethrowConstraint(err, UNIQUE));
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return presentVisitNote({ ...row, timeZone: current.timeZone });
    });
  }

  /** The current revision of a booking's note; a booking without one answers 404 too. */
  async currentOfBooking(actor: Actor, bookingId: string): Promise<VisitNoteView> {
    const { db } = this.deps;
    const repo = new VisitNoteRepository(db);
    const booking = await repo.booking(bookingId);
    const event = visitNoteEvent('visit-note.read', {
      id: null,
      patientId: booking?.patientId ?? null,
    });
    if (!booking || !(await this.mayRead(identityOf(actor), booking.patientId))) {
      await this.deps.audit.record(db, actor, { ...event, outcome: 'denied' });
      throw new NotFound('Visit note');
    }
    const row = await repo.currentOfBooking(bookingId);
    await this.deps.audit.record(db, actor, {
      ...event,
      resourceId: row?.lineageId ?? null,
      outcome: row ? 'success' : 'failure',
    });
    if (!row) throw new NotFound('Visit note');
    return presentVisitNote(row);
  }

  /** The current revision of a note. */
  async get(actor: Actor, id: string): Promise<VisitNoteView> {
    const [row] = await this.readable(actor, 'visit-note.read', id, (repo) =>
      repo.current(id).then((r) => (r ? [r] : [])),
    );
    return presentVisitNote(row!);
  }

  /** Every revision of a note, oldest first. */
  async history(actor: Actor, id: string): Promise<VisitNoteHistoryView> {
    const rows = await this.readable(actor, 'visit-note.history', id, (repo) => repo.history(id));
    return { items: rows.map(presentVisitNote) };
  }

  /**
   * The current revision of every note of a patient, oldest visit first, in one query and
   * without auditing: for the patient's record, which checks access and audits once itself.
   */
  async notesForRecord(db: Executor, patientId: string): Promise<VisitNoteView[]> {
    const rows = await new VisitNoteRepository(db).currentOfPatient(patientId);
    return rows.map(presentVisitNote);
  }

  /** Rows of a note the caller may read, audited once; none, or not theirs: 404. */
  private async readable(
    actor: Actor,
    action: string,
    id: string,
    load: (repo: VisitNoteRepository) => Promise<VisitNoteRecord[]>,
  ): Promise<VisitNoteRecord[]> {
    const { db, audit } = this.deps;
    const rows = await load(new VisitNoteRepository(db));
    const patientId = rows[0]?.patientId ?? null;
    const visible = patientId !== null && (await this.mayRead(identityOf(actor), patientId));
    await audit.record(db, actor, {
      ...visitNoteEvent(action, { id, patientId }),
      outcome: visible ? 'success' : 'denied',
    });
    if (!visible) throw new NotFound('Visit note');
    return rows;
  }

  private mayRead(identity: Identity, patientId: string): Promise<boolean> {
    return this.deps.scope.canAccess(this.deps.db, identity, patientId);
  }
}

/** Only the booking's own doctor writes its note. */
const isTheDoctor = (identity: Identity, doctorId: string | null): boolean =>
  identity.role === 'doctor' && identity.doctorId !== null && identity.doctorId === doctorId;
