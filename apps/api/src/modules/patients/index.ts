// The patients module's face: profiles, the object rule every module holding patient data
// uses (PatientScope), and the date-of-birth rule registration shares.
export { EARLIEST_BIRTH_DATE, implausibleBirthDate } from './date-of-birth.js';
export { createPatientProfile } from './profiles.js';
export type { NewPatient } from './repository.js';
export { patientRoutes } from './routes.js';
export { PatientScope } from './scope.js';
export { PatientService, presentPatient } from './service.js';
