import type {
  CreateReportInput,
  DiagnosticReportView,
  ObservationInput,
  ReportStatus,
  ReviseReportInput,
} from '@medsync/contracts';
import type { Temporal } from 'temporal-polyfill';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import type { DiagnosticReportRow } from '../../db/schema/index.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toInstant } from '../../shared/wall-clock.js';
import { type Attempt, type AuditLog, auditedWrite, deny } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import { isCritical } from './interpretation.js';
import { effectiveInstant, observationRow, presentReports, reportEvent } from './present.js';
import {
  ageInYears,
  type JudgedObservation,
  judgeObservations,
  observationProblems,
} from './reference-ranges.js';
import { type ReportRecord, type ReportSubject, ResultRepository } from './repository.js';
import {
  acknowledgesCritical,
  RELEASABLE_STATUS,
  REPORTABLE_BOOKING_STATUSES,
  revisionStatuses,
  writesForBooking,
  writesReport,
} from './rules.js';

const revisionConflict = () =>
  new Conflict('revision-conflict', 'The report has changed since it was read; read it again');
const CONCURRENT = {
  diagnostic_reports_current_idx: revisionConflict,
  diagnostic_reports_revision_idx: revisionConflict,
};

/** A past result imported from a previous system, as the importer gives it. */
export interface ImportedReportInput {
  patientId: string;
  locationId: string;
  title: string;
  /** The date of the original result in the previous system (a local date of the location). */
  resultDate: string;
  /** The admin importing it: author and releaser. */
  accountId: string;
  at: Date;
}

/**
 * Writing reports: create on a booking, revise (a new immutable revision that retires the
 * current one in the same transaction), release to the patient, acknowledge critical values.
 * Each is audited in its transaction; a refusal is recorded after the rollback.
 */
export class ResultWrites {
  constructor(
    readonly deps: { db: Database; audit: AuditLog; scope: PatientScope; clock: () => Date },
  ) {}

  async create(
    actor: Actor,
    bookingId: string,
    input: CreateReportInput,
  ): Promise<DiagnosticReportView> {
    const identity = identityOf(actor);
    const inputs = checkedObservations(input.observations);
    const attempt = reportEvent('create', { id: null, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new ResultRepository(tx);
      const booking = await repo.booking(bookingId);
      attempt.patientId = booking?.patientId ?? null;
      if (!booking || !writesForBooking(identity, booking)) deny(new NotFound('Booking'));
      if (!REPORTABLE_BOOKING_STATUSES.includes(booking.status as never)) {
        throw new Conflict(
          'booking-not-reportable',
          `A ${booking.status} booking has produced nothing to report; a report needs a checked-in or completed booking`,
        );
      }
      const id = newId();
      const observations = judged(inputs, booking, toInstant(booking.startAt), booking.timeZone);
      const row = await repo.insert(
        {
          id,
          lineageId: id,
          revision: 1,
          patientId: booking.patientId,
          bookingId,
          locationId: booking.locationId,
          orderingDoctorId: booking.doctorId,
          status: input.status ?? 'registered',
          title: input.title,
          summary: input.summary ?? null,
          authorAccountId: identity.accountId,
          createdAt: this.deps.clock(),
        },
        observations.map((o, i) => observationRow(id, i, o)),
      );
      attempt.resourceId = id;
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return this.viewOf(tx, {
        ...row,
        timeZone: booking.timeZone,
        bookingStartAt: booking.startAt,
      });
    });
  }

  /**
   * A new revision replacing the current one: title, summary and observations as given, its
   * status one `revisionStatuses` allows. A revision of a released report is written released.
   */
  async revise(actor: Actor, id: string, input: ReviseReportInput): Promise<DiagnosticReportView> {
    const identity = identityOf(actor);
    const inputs = checkedObservations(input.observations);
    const attempt = reportEvent('revise', { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new ResultRepository(tx);
      const current = await this.writable(tx, identity, id, attempt, writesReport);
      if (current.revision !== input.revision) throw revisionConflict();
      const wasReleased = current.releasedAt !== null;
      const allowed = revisionStatuses(current.status as ReportStatus, wasReleased);
      if (!allowed.includes(input.status)) {
        throw new Conflict(
          'invalid-transition',
          allowed.length === 0
            ? 'A report entered in error is not revised'
            : `A ${wasReleased ? 'released' : 'unreleased'} ${current.status} report can become: ${allowed.join(', ')}`,
        );
      }
      if (current.source === 'imported' && input.status !== 'entered-in-error') {
        throw new Conflict(
          'imported-report',
          'A report imported from a previous system is kept as it came; it may only be marked entered-in-error',
        );
      }
      const subject = (await repo.subject(current.patientId))!;
      const observations = judged(inputs, subject, effectiveInstant(current), current.timeZone);
      const now = this.deps.clock();
      if (!(await repo.supersede(current.id, wasReleased, now))) throw revisionConflict();
      const revisionId = newId();
      const row = await repo
        .insert(
          {
            ...current,
            id: revisionId,
            revision: current.revision + 1,
            replacesId: current.id,
            status: input.status,
            title: input.title,
            summary: input.summary ?? null,
            revisionReason: input.reason,
            authorAccountId: identity.accountId,
            releasedAt: wasReleased ? now : null,
            releasedBy: wasReleased ? identity.accountId : null,
            criticalAcknowledgedAt: null,
            criticalAcknowledgedBy: null,
            supersededAt: null,
            createdAt: now,
          },
          observations.map((o, i) => observationRow(revisionId, i, o)),
        )
        .catch((err: unknown) => rethrowConstraint(err, CONCURRENT));
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return this.viewOf(tx, { ...current, ...row });
    });
  }

  /**
   * Writes, in the caller's transaction, a report imported from a previous system: revision 1 of
   * its own lineage, `final`, released at import (it was released there), `source = 'imported'`,
   * no booking, dated `resultDate`. No observations: its file is the result. Not audited here:
   * the caller (the documents module's import) audits the whole import once.
   */
  async importReport(tx: Executor, report: ImportedReportInput): Promise<string> {
    const id = newId();
    await new ResultRepository(tx).insert(
      {
        id,
        lineageId: id,
        revision: 1,
        patientId: report.patientId,
        bookingId: null,
        locationId: report.locationId,
        status: RELEASABLE_STATUS,
        title: report.title,
        authorAccountId: report.accountId,
        source: 'imported',
        resultDate: report.resultDate,
        releasedAt: report.at,
        releasedBy: report.accountId,
        createdAt: report.at,
      },
      [],
    );
    return id;
  }

  /** Makes the current (final) revision visible to its patient; recorded who and when. */
  release(actor: Actor, id: string, revision: number): Promise<DiagnosticReportView> {
    return this.mark(
      actor,
      'release',
      id,
      revision,
      writesReport,
      async (repo, current, by, at) => {
        if (current.releasedAt !== null) {
          throw new Conflict('already-released', 'The report is released already');
        }
        if (current.status !== RELEASABLE_STATUS) {
          throw new Conflict(
            'not-final',
            `Only a final report is released; this one is ${current.status}`,
          );
        }
        return repo.release(current.id, by, at);
      },
    );
  }

  /** Takes the current revision off the critical list: recorded who and when. */
  acknowledgeCritical(actor: Actor, id: string, revision: number): Promise<DiagnosticReportView> {
    return this.mark(
      actor,
      'acknowledge-critical',
      id,
      revision,
      acknowledgesCritical,
      async (repo, current, by, at) => {
        const values = await repo.observationsOf([current.id]);
        if (
          !values.some((o) => isCritical(o.interpretation)) ||
          current.status === 'entered-in-error'
        ) {
          throw new Conflict(
            'no-critical-values',
            'The report has no critical values to acknowledge',
          );
        }
        if (current.criticalAcknowledgedAt !== null) {
          throw new Conflict(
            'already-acknowledged',
            'The critical values are acknowledged already',
          );
        }
        return repo.acknowledge(current.id, by, at);
      },
    );
  }

  /** Sets a once-only mark on the current revision, compare-and-swap on its revision. */
  private mark(
    actor: Actor,
    verb: string,
    id: string,
    revision: number,
    may: (identity: Identity, report: ReportRecord) => boolean,
    set: (
      repo: ResultRepository,
      current: ReportRecord,
      by: string,
      at: Date,
    ) => Promise<DiagnosticReportRow | null>,
  ): Promise<DiagnosticReportView> {
    const identity = identityOf(actor);
    const attempt = reportEvent(verb, { id, patientId: null });
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const repo = new ResultRepository(tx);
      const current = await this.writable(tx, identity, id, attempt, may);
      if (current.revision !== revision) throw revisionConflict();
      const row = await set(repo, current, identity.accountId, this.deps.clock());
      if (!row) throw revisionConflict();
      await this.deps.audit.record(tx, actor, { ...attempt, outcome: 'success' });
      return this.viewOf(tx, { ...current, ...row });
    });
  }

  /**
   * The current revision if the caller may write it. One they may not see is missing (404);
   * one they may read but not write (a doctor who treats the patient elsewhere) is a 403.
   */
  private async writable(
    tx: Executor,
    identity: Identity,
    id: string,
    attempt: Attempt,
    may: (identity: Identity, report: ReportRecord) => boolean,
  ): Promise<ReportRecord> {
    const [current] = await new ResultRepository(tx).revisions(id, true);
    attempt.patientId = current?.patientId ?? null;
    if (!current) deny(new NotFound('Diagnostic report'));
    if (may(identity, current)) return current;
    if (await this.deps.scope.canAccess(tx, identity, current.patientId)) {
      deny(new Forbidden('not-report-writer', 'You may read this report, not change it'));
    }
    deny(new NotFound('Diagnostic report'));
  }

  /** The view of a revision just written: its observations and its report's documents. */
  private async viewOf(tx: Executor, row: ReportRecord): Promise<DiagnosticReportView> {
    const repo = new ResultRepository(tx);
    const views = presentReports(
      [row],
      await repo.observationsOf([row.id]),
      await repo.documentsOf([row.lineageId]),
    );
    return views[0]!;
  }
}

/** The input's own problems, found before any data is read (so nothing is audited for them). */
function checkedObservations(inputs: ObservationInput[] | undefined): ObservationInput[] {
  const list = inputs ?? [];
  const problems = list.flatMap((input, i) => observationProblems(input, i));
  if (problems.length > 0) {
    throw new Unprocessable('invalid-observations', 'Some observations are not valid', problems);
  }
  return list;
}

/** The observations judged for the patient as they were when the test was taken (`at`). */
function judged(
  inputs: ObservationInput[],
  patient: ReportSubject,
  at: Temporal.Instant,
  timeZone: string,
): JudgedObservation[] {
  const subject = {
    sex: patient.sex,
    ageYears: ageInYears(patient.dateOfBirth, new Date(at.epochMilliseconds), timeZone),
  };
  const { observations, problems } = judgeObservations(inputs, subject);
  if (problems.length > 0) {
    throw new Unprocessable(
      'ambiguous-reference-range',
      'A reference range is ambiguous',
      problems,
    );
  }
  return observations;
}
