import type {
  CriticalDiagnosticReportPageView,
  DiagnosticReportPageView,
  DiagnosticReportView,
  ListReportsInput,
} from '@medsync/contracts';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { diagnosticReports } from '../../db/schema/index.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { NotFound } from '../../shared/errors.js';
import { decodeCursor, type Position, toPage } from '../../shared/pagination.js';
import type { AuditLog } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import { presentReports, reportEvent } from './present.js';
import {
  type NamedReportRecord,
  type ReportAccess,
  type ReportRecord,
  ResultRepository,
  released,
  unacknowledgedCritical,
} from './repository.js';

const SORT = 'newest';
const UUID = /^[0-9a-f-]{36}$/;

/**
 * Reading reports: one by id, its history, a booking's, a patient's, the critical values waiting
 * for acknowledgment. A patient sees only their released reports (an unreleased one answers 404
 * like a missing id); doctors and staff those of patients in their scope (`PatientScope`).
 * Every request leaves one audit event; the record's face (`reportsForRecord`) leaves none.
 */
export class ResultService {
  constructor(readonly deps: { db: Database; audit: AuditLog; scope: PatientScope }) {}

  async get(actor: Actor, id: string): Promise<DiagnosticReportView> {
    const { db } = this.deps;
    const [row] = await new ResultRepository(db).revisions(id, true);
    const visible = row !== undefined && (await this.mayRead(db, identityOf(actor), row));
    await this.audited(actor, 'read', id, row?.patientId ?? null, visible);
    if (!visible) throw new NotFound('Diagnostic report');
    const [view] = await this.views(db, [row]);
    return view!;
  }

  /** Every revision, oldest first; a patient sees the released ones only. */
  async history(actor: Actor, id: string): Promise<{ items: DiagnosticReportView[] }> {
    const { db } = this.deps;
    const identity = identityOf(actor);
    const rows = await new ResultRepository(db).revisions(id);
    const latest = rows.at(-1);
    const visible = latest !== undefined && (await this.mayRead(db, identity, latest));
    await this.audited(actor, 'history', id, latest?.patientId ?? null, visible);
    if (!visible) throw new NotFound('Diagnostic report');
    const shown = identity.role === 'patient' ? rows.filter((r) => r.releasedAt !== null) : rows;
    return { items: await this.views(db, shown) };
  }

  /** A booking's reports, if the caller may see its patient. */
  async forBooking(
    actor: Actor,
    bookingId: string,
    query: ListReportsInput,
  ): Promise<DiagnosticReportPageView> {
    const { db } = this.deps;
    const booking = await new ResultRepository(db).booking(bookingId);
    const visible =
      booking !== null &&
      (await this.deps.scope.canAccess(db, identityOf(actor), booking.patientId));
    if (!visible || !booking) {
      await this.audited(actor, 'search', null, booking?.patientId ?? null, false);
      throw new NotFound('Booking');
    }
    const where = eq(diagnosticReports.bookingId, bookingId);
    return this.page(actor, where, query, booking.patientId);
  }

  /** A patient's reports, newest first, if the caller may see the patient. */
  async forPatient(
    actor: Actor,
    patientId: string,
    query: ListReportsInput,
  ): Promise<DiagnosticReportPageView> {
    const { db } = this.deps;
    if (!(await this.deps.scope.canAccess(db, identityOf(actor), patientId))) {
      await this.audited(actor, 'search', null, patientId, false);
      throw new NotFound('Patient');
    }
    return this.page(actor, eq(diagnosticReports.patientId, patientId), query, patientId);
  }

  /**
   * Reports with critical values nobody has acknowledged: a doctor's are those they ordered;
   * staff's those of their locations' booked diagnostics (no ordering doctor).
   */
  criticalList(actor: Actor, query: ListReportsInput): Promise<CriticalDiagnosticReportPageView> {
    const identity = identityOf(actor);
    const mine: SQL =
      identity.role === 'doctor' && identity.doctorId
        ? eq(diagnosticReports.orderingDoctorId, identity.doctorId)
        : identity.role === 'staff' && identity.locationIds.length > 0
          ? (and(
              sql`${diagnosticReports.orderingDoctorId} IS NULL`,
              inArray(diagnosticReports.locationId, [...identity.locationIds]),
            ) as SQL)
          : sql`false`;
    // Each with its patient's name, joined in the same query: the list shows whose it is.
    return this.page(
      actor,
      and(unacknowledgedCritical, mine) as SQL,
      query,
      null,
      (repo, where, after, limit) => repo.list(where, after, limit, { patientNames: true }),
      (row: NamedReportRecord, view) => ({
        ...view,
        patient: { id: row.patientId, fullName: row.patientName },
      }),
    );
  }

  /**
   * For the patient's record: released current revisions with observations and document
   * metadata, in three queries whatever their number, not audited (the record audits once).
   */
  async reportsForRecord(db: Executor, patientId: string): Promise<DiagnosticReportView[]> {
    const rows = await new ResultRepository(db).list(
      and(eq(diagnosticReports.patientId, patientId), released) as SQL,
      null,
    );
    return this.views(db, rows);
  }

  /**
   * What another module's access rule needs of a report's current revision (the documents
   * module's uploads and downloads): owner, location, ordering doctor, release. Unaudited: the
   * caller audits its own request.
   */
  reportAccess(db: Executor, id: string): Promise<ReportAccess | null> {
    return new ResultRepository(db).access(id);
  }

  private page(
    actor: Actor,
    where: SQL,
    query: ListReportsInput,
    patientId: string | null,
  ): Promise<DiagnosticReportPageView>;
  private page<R extends ReportRecord, T>(
    actor: Actor,
    where: SQL,
    query: ListReportsInput,
    patientId: string | null,
    read: (
      repo: ResultRepository,
      where: SQL,
      after: Position | null,
      limit: number,
    ) => Promise<R[]>,
    present: (row: R, view: DiagnosticReportView) => T,
  ): Promise<{ items: T[]; nextCursor: string | null }>;
  /** One page of current revisions and one search event; `read` and `present` may add to each. */
  private async page(
    actor: Actor,
    where: SQL,
    query: ListReportsInput,
    patientId: string | null,
    read = (repo: ResultRepository, scoped: SQL, after: Position | null, limit: number) =>
      repo.list(scoped, after, limit),
    present = (_row: ReportRecord, view: DiagnosticReportView): unknown => view,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const { db } = this.deps;
    const identity = identityOf(actor);
    const after = decodeCursor(query.cursor, SORT, UUID);
    // A patient's lists hold their released reports only, whatever else `where` says.
    const own = identity.patientId
      ? eq(diagnosticReports.patientId, identity.patientId)
      : sql`false`;
    const scoped = identity.role === 'patient' ? and(where, own, released) : where;
    const rows = await read(new ResultRepository(db), scoped as SQL, after, query.limit + 1);
    await this.audited(actor, 'search', null, patientId, true);
    const page = toPage(
      rows,
      query.limit,
      SORT,
      (row) => row.lineageId,
      (row) => row,
    );
    const views = await this.views(db, page.items);
    return {
      items: page.items.map((row, i) => present(row, views[i]!)),
      nextCursor: page.nextCursor,
    };
  }

  private async mayRead(db: Executor, identity: Identity, row: ReportRecord): Promise<boolean> {
    if (identity.role === 'patient') {
      return identity.patientId === row.patientId && row.releasedAt !== null;
    }
    return this.deps.scope.canAccess(db, identity, row.patientId);
  }

  /** Views of revisions: their observations and their reports' documents, one query each. */
  private async views(
    db: Executor,
    rows: readonly ReportRecord[],
  ): Promise<DiagnosticReportView[]> {
    const repo = new ResultRepository(db);
    const observations = await repo.observationsOf(rows.map((r) => r.id));
    const documents = await repo.documentsOf([...new Set(rows.map((r) => r.lineageId))]);
    return presentReports(rows, observations, documents);
  }

  private audited(
    actor: Actor,
    verb: string,
    id: string | null,
    patientId: string | null,
    success: boolean,
  ): Promise<void> {
    return this.deps.audit.record(this.deps.db, actor, {
      ...reportEvent(verb, { id, patientId }),
      outcome: success ? 'success' : 'denied',
    });
  }
}
