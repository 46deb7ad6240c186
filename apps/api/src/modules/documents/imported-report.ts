import type { Executor } from '../../db/client.js';
import { diagnosticReports } from '../../db/schema/index.js';
import { newId } from '../../shared/ids.js';

export interface ImportedReport {
  patientId: string;
  locationId: string;
  title: string;
  /** The date of the original result in the previous system. */
  resultDate: string;
  /** The admin importing it: author and releaser. */
  accountId: string;
  at: Date;
}

/**
 * Writes the report row of a result imported from a previous system: revision 1 of its own
 * lineage, `final`, released at import (it was released there), `source = 'imported'`, with no
 * booking of ours behind it. The one write of this module into the results module's table: it
 * moves to that module's face when both are merged.
 */
export async function createImportedReport(tx: Executor, report: ImportedReport): Promise<string> {
  const id = newId();
  await tx.insert(diagnosticReports).values({
    id,
    lineageId: id,
    revision: 1,
    patientId: report.patientId,
    bookingId: null,
    locationId: report.locationId,
    status: 'final',
    title: report.title,
    authorAccountId: report.accountId,
    source: 'imported',
    resultDate: report.resultDate,
    releasedAt: report.at,
    releasedBy: report.accountId,
    createdAt: report.at,
  });
  return id;
}
