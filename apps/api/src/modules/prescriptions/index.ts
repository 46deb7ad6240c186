// The prescriptions module's face: writing prescriptions in visits, their revisions and status,
// reading them (and a patient's current ones for the record), and their routes.
export { PrescriptionQueries } from './queries.js';
export { prescriptionRoutes } from './routes.js';
export { PrescriptionService } from './service.js';
export { NEXT_STATUSES } from './transitions.js';
