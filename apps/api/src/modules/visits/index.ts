// The visits module's face: a visit's clinical note and diagnoses, their revisions, and the
// patient record's read of every current note.
export { visitNoteRoutes } from './routes.js';
export { VisitNoteService } from './service.js';
