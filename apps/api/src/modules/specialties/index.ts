// The specialties module's face: what the rest of the service may use.
export { SpecialtyRepository } from './repository.js';
export { specialtyRoutes } from './routes.js';
export { SpecialtyService, type SpecialtyStore } from './service.js';
