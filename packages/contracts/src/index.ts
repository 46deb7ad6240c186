// MedSync's API contract: every request and response shape as a TypeBox schema, shared by the
// server (validation, serialization, OpenAPI) and its clients. Schemas only: no server code.
export * from './accounts.js';
export * from './audit.js';
export * from './auth.js';
export * from './availability.js';
export * from './bookings.js';
export * from './common.js';
export * from './diagnostic-locations.js';
export * from './diagnostics.js';
export * from './doctor-schedules.js';
export * from './doctors.js';
export * from './documents.js';
export * from './locations.js';
export * from './pagination.js';
export * from './patients.js';
export * from './prescriptions.js';
export * from './problem.js';
export * from './ratings.js';
export * from './records.js';
export * from './results.js';
export * from './specialties.js';
export * from './visits.js';
