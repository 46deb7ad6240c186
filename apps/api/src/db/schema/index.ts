// One Drizzle schema for the whole service, split by area. Every constraint and index is named so
// that migrations read like code and errors can be mapped by constraint name.
export * from './audit.js';
export * from './bookings.js';
export * from './directory.js';
export * from './documents.js';
export * from './idempotency.js';
export * from './identity.js';
export * from './prescriptions.js';
export * from './ratings.js';
export * from './results.js';
export * from './schedules.js';
export * from './visits.js';
