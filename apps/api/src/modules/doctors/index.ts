// The doctors module's face: what the rest of the service may use.
export { doctorRoutes } from './routes.js';
export { DoctorService } from './service.js';
