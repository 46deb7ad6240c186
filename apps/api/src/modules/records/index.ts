// The records module's face: a patient's whole record in one response, and the erasure of a
// patient's account that keeps that record. The clinical sections and the ratings step are
// injected: app.ts wires the modules that own them.
export { ErasureService, type RatingComments } from './erasure.js';
export { PatientRecordService } from './record-service.js';
export { recordRoutes } from './routes.js';
export type {
  PrescriptionSection,
  RecordSections,
  ReportSection,
  VisitNoteSection,
} from './sections.js';
