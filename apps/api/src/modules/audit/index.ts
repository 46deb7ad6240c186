// The audit module's face: recording events (inside a write's transaction), the access log,
// sealing the hash chain, and verifying it.
export { AccessLogService } from './access-log.js';
export { type AuditEvent, AuditLog, type AuditOutcome } from './audit-log.js';
export { type Attempt, auditedWrite, deny } from './audited.js';
export { type ChainKeyring, chainKeyring, loadChainKeys } from './keys.js';
export { auditRoutes } from './routes.js';
export { AuditSealer } from './sealer.js';
export { type VerifyResult, verifyChain } from './verify.js';
