// The accounts module's face: what the rest of the service may use.
export { accountRoutes } from './routes.js';
export { AccountService } from './service.js';
