import type { Readable } from 'node:stream';
import type {
  DocumentView,
  ImportedResultDocumentView,
  ImportResultDocumentInput,
} from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import type { DocumentRow } from '../../db/schema/index.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type AuditLog, auditedWrite } from '../audit/index.js';
import type { PatientScope } from '../patients/index.js';
import type { ReportAccess, ResultService, ResultWrites } from '../results/index.js';
import { DocumentRepository, type NewDocument, ReferenceRepository } from './repository.js';
import type { DocumentStorage } from './storage.js';
import {
  type CheckedUpload,
  checkUpload,
  PHOTO_TYPES,
  presentDocument,
  type Upload,
} from './uploads.js';

/** A document's metadata and its bytes, to send. */
export interface DocumentDownload {
  document: DocumentView;
  content: Readable;
}

const documentEvent = (action: string, resourceId: string | null, patientId: string | null) => ({
  action,
  resourceType: 'document',
  resourceId,
  patientId,
});

/**
 * Documents: result files attached to diagnostic reports (patient data: every read, download and
 * write audited once) and doctors' photos (public). The type is decided from the content; the
 * bytes go to the configured storage under a generated key.
 */
export class DocumentService {
  constructor(
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      scope: PatientScope;
      storage: DocumentStorage;
      clock: () => Date;
      /** The results module owns reports: who may see or attach to one, and the import's report. */
      reports: Pick<ResultService, 'reportAccess'> & Pick<ResultWrites, 'importReport'>;
    },
  ) {}

  /** Attaches a file to a report: staff of its location or its ordering doctor, in their scope. */
  async uploadToReport(actor: Actor, reportId: string, upload: Upload): Promise<DocumentView> {
    const identity = identityOf(actor);
    const file = await checkUpload(upload, 'document');
    const { db, audit } = this.deps;
    const report = await this.deps.reports.reportAccess(db, reportId);
    if (!report || !(await this.mayAttachTo(identity, report))) {
      await audit.record(db, actor, {
        ...documentEvent('document.upload', null, report?.patientId ?? null),
        outcome: 'denied',
      });
      throw new NotFound('Report');
    }
    const attempt = documentEvent('document.upload', null, report.patientId);
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      const row = await this.store(tx, file, {
        kind: 'report',
        reportId: report.lineageId,
        patientId: report.patientId,
        uploadedBy: identity.accountId,
      });
      await audit.record(tx, actor, {
        ...documentEvent('document.upload', row.id, report.patientId),
        outcome: 'success',
      });
      return presentDocument(row);
    });
  }

  /** A report document's metadata, for those who may read the report (a patient: released only). */
  async get(actor: Actor, id: string): Promise<DocumentView> {
    return presentDocument(await this.readable(actor, id, 'document.read'));
  }

  async download(actor: Actor, id: string): Promise<DocumentDownload> {
    const row = await this.readable(actor, id, 'document.download');
    return { document: presentDocument(row), content: await this.contentOf(row) };
  }

  /** Sets a doctor's photo (an admin, or the doctor themself); the previous one is retired. */
  async uploadDoctorPhoto(actor: Actor, doctorId: string, upload: Upload): Promise<DocumentView> {
    const identity = identityOf(actor);
    if (identity.role !== 'admin' && identity.doctorId !== doctorId) {
      throw new Forbidden('not-your-profile', 'A doctor may only change their own photo');
    }
    const file = await checkUpload(upload, 'photo', PHOTO_TYPES);
    const attempt = documentEvent('document.upload', null, null);
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      if (!(await new ReferenceRepository(tx).doctorExists(doctorId))) {
        throw new NotFound('Doctor');
      }
      const repo = new DocumentRepository(tx);
      await repo.retirePhotoOf(doctorId, this.deps.clock());
      const row = await this.store(tx, file, {
        kind: 'doctor-photo',
        doctorId,
        uploadedBy: identity.accountId,
      }).catch((err: unknown) =>
        rethrowConstraint(err, {
          documents_doctor_photo_current_idx: () =>
            new Conflict('photo-conflict', 'Another photo was set at the same time; retry'),
        }),
      );
      await this.deps.audit.record(tx, actor, {
        ...documentEvent('document.upload', row.id, null),
        outcome: 'success',
      });
      return presentDocument(row);
    });
  }

  /** A doctor's current photo: public directory content, not audited. */
  async doctorPhoto(doctorId: string): Promise<DocumentDownload> {
    const row = await new DocumentRepository(this.deps.db).currentPhotoOf(doctorId);
    if (!row) throw new NotFound('Photo');
    return { document: presentDocument(row), content: await this.contentOf(row) };
  }

  /**
   * An admin brings a past result from a previous system: an imported, final, released report
   * of the patient (dated `resultDate`) with the file attached, both `source = 'imported'`.
   */
  async importResultDocument(
    actor: Actor,
    input: ImportResultDocumentInput,
    upload: Upload,
  ): Promise<ImportedResultDocumentView> {
    const identity = identityOf(actor);
    const file = await checkUpload({ ...upload, fileName: input.fileName }, 'result');
    const today = this.deps.clock().toISOString().slice(0, 10);
    if (input.resultDate > today) {
      throw new Unprocessable('invalid-date', 'The original result cannot be in the future', [
        { field: 'resultDate', in: 'query', message: 'must not be in the future' },
      ]);
    }
    const attempt = documentEvent('document.import', null, input.patientId);
    return auditedWrite(this.deps, actor, attempt, async (tx) => {
      await checkImportReferences(tx, input);
      const at = this.deps.clock();
      const reportId = await this.deps.reports.importReport(tx, {
        patientId: input.patientId,
        locationId: input.locationId,
        title: input.title,
        resultDate: input.resultDate,
        accountId: identity.accountId,
        at,
      });
      const row = await this.store(tx, file, {
        kind: 'report',
        reportId,
        patientId: input.patientId,
        source: 'imported',
        uploadedBy: identity.accountId,
      });
      await this.deps.audit.record(tx, actor, {
        ...documentEvent('document.import', row.id, input.patientId),
        outcome: 'success',
      });
      return { reportId, document: presentDocument(row) };
    });
  }

  private async store(
    tx: Executor,
    file: CheckedUpload,
    owner: Pick<
      NewDocument,
      'kind' | 'reportId' | 'patientId' | 'doctorId' | 'source' | 'uploadedBy'
    >,
  ): Promise<DocumentRow> {
    const { storage } = this.deps;
    const storageKey = newId();
    await storage.put(tx, storageKey, file.bytes);
    return new DocumentRepository(tx).create({
      ...owner,
      fileName: file.fileName,
      contentType: file.contentType,
      byteSize: file.bytes.length,
      sha256: file.sha256,
      storage: storage.kind,
      storageKey,
    });
  }

  /** The report document `id` if the caller may read it; else one `denied` event and 404. */
  private async readable(actor: Actor, id: string, action: string): Promise<DocumentRow> {
    const { db, audit } = this.deps;
    const row = await new DocumentRepository(db).get(id);
    const report =
      row?.kind === 'report' ? await this.deps.reports.reportAccess(db, row.reportId!) : null;
    const allowed =
      row !== null && report !== null && (await this.mayRead(identityOf(actor), row, report));
    await audit.record(db, actor, {
      ...documentEvent(action, id, row?.patientId ?? null),
      outcome: allowed ? 'success' : 'denied',
    });
    if (!allowed) throw new NotFound('Document');
    return row;
  }

  private async contentOf(row: DocumentRow): Promise<Readable> {
    if (row.storage !== this.deps.storage.kind) {
      throw new Error(`document ${row.id} is kept by the ${row.storage} storage, not configured`);
    }
    const content = await this.deps.storage.stream(this.deps.db, row.storageKey);
    if (!content) throw new Error(`document ${row.id}: its bytes are missing from storage`);
    return content;
  }

  /** A patient reads their own released reports; the workforce those of patients in scope. */
  private async mayRead(identity: Identity, row: DocumentRow, report: ReportAccess) {
    if (identity.role === 'patient') {
      return identity.patientId === row.patientId && report.releasedAt !== null;
    }
    return this.deps.scope.canAccess(this.deps.db, identity, report.patientId);
  }

  private async mayAttachTo(identity: Identity, report: ReportAccess) {
    const related =
      (identity.role === 'staff' && identity.locationIds.includes(report.locationId)) ||
      (identity.role === 'doctor' &&
        identity.doctorId !== null &&
        identity.doctorId === report.orderingDoctorId);
    return related && this.deps.scope.canAccess(this.deps.db, identity, report.patientId);
  }
}

async function checkImportReferences(tx: Executor, input: ImportResultDocumentInput) {
  const found = await new ReferenceRepository(tx).importReferencesExist(input);
  const errors = [];
  if (!found.patient) {
    errors.push({
      field: 'patientId',
      in: 'query' as const,
      message: 'must name an existing patient',
    });
  }
  if (!found.location) {
    errors.push({
      field: 'locationId',
      in: 'query' as const,
      message: 'must name an existing location',
    });
  }
  if (errors.length > 0) {
    throw new Unprocessable('invalid-reference', 'A referenced record does not exist', errors);
  }
}
