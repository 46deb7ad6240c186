// The results module's face: diagnostic reports (reads, the patient record's view of them, and
// writes: create, revise, release, acknowledge critical values) and their routes.

export type { ReportAccess } from './repository.js';
export { resultRoutes } from './routes.js';
export { ResultService } from './service.js';
export { type ImportedReportInput, ResultWrites } from './writes.js';
