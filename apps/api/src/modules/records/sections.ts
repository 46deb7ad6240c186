import type { DiagnosticReportView, PrescriptionView, VisitNoteView } from '@medsync/contracts';
import type { Executor } from '../../db/client.js';

// The clinical sections of the patient's record come from the modules that own them, each
// through one face method that presents one patient's records in a fixed number of queries and
// audits nothing (the record audits once). app.ts wires the services that implement them.

/** The visit-notes module: the current revision of every visit note. */
export interface VisitNoteSection {
  notesForRecord(db: Executor, patientId: string): Promise<VisitNoteView[]>;
}

/** The prescriptions module: the current revision of every prescription, every status. */
export interface PrescriptionSection {
  prescriptionsForRecord(db: Executor, patientId: string): Promise<PrescriptionView[]>;
}

/** The results module: released reports (current revisions), observations and documents inside. */
export interface ReportSection {
  reportsForRecord(db: Executor, patientId: string): Promise<DiagnosticReportView[]>;
}

export interface RecordSections {
  visitNotes: VisitNoteSection;
  prescriptions: PrescriptionSection;
  reports: ReportSection;
}
