// The auth module's face: sign-in, tokens and sessions, the bearer authenticator, the first
// admin, and the password rules accounts share.
export { AdminSetupError, createAdmin } from './admins.js';
export { bearerAuthenticator } from './authenticator.js';
export { ensureBootstrapAdmin } from './bootstrap.js';
export { checkPasswordPolicy, hashPassword } from './passwords.js';
export { authRoutes } from './routes.js';
export { AuthService } from './service.js';
export { revokeAllSessions } from './sessions.js';
export { AccessTokens } from './tokens.js';
export { webSessionRoutes } from './web-session-routes.js';
