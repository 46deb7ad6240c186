// The diagnostic-locations module's face: what the rest of the service may use.
export { diagnosticLocationRoutes } from './routes.js';
export { DiagnosticLocationService } from './service.js';
