// The diagnostics module's face: what the rest of the service may use.
export { diagnosticRoutes } from './routes.js';
export { DiagnosticService } from './service.js';
