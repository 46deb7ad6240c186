import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { AuditLog } from '../../src/modules/audit/audit-log.js';
import { type ChainKeyring, chainKeyring } from '../../src/modules/audit/keys.js';
import { AuditSealer } from '../../src/modules/audit/sealer.js';
import {
  type VerifyOptions,
  type VerifyResult,
  verifyChain,
} from '../../src/modules/audit/verify.js';
import type { Actor } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';
import { createTestDatabase, type TestDatabase } from './database.js';

// The audit trail of one test file: its own database, a silent sealer on it, and events recorded
// by one anonymous caller.

export const silentLog = pino({ level: 'silent' });

/** The audit chain key of the tests (AUDIT_CHAIN_KEY), and a keyring holding only it. */
export const AUDIT_CHAIN_KEY = 'test-audit-chain-key-0123456789abcdef0123';
export const testKeys: ChainKeyring = chainKeyring(AUDIT_CHAIN_KEY);

export interface AuditTrail {
  readonly db: Database;
  readonly sealer: AuditSealer;
  readonly audit: AuditLog;
  readonly actor: Actor;
  /** The keys the sealer seals with (`testKeys`). */
  readonly keys: ChainKeyring;
  /** Records a successful read of a new patient id by the file's caller; returns that id. */
  recordRead(): Promise<string>;
  /** Seals until nothing is pending. */
  sealAll(): Promise<void>;
  /** verifyChain with the file's keys unless `options` names others. */
  verify(options?: Partial<VerifyOptions>): Promise<VerifyResult>;
}

/** Opens the database before the file's tests and drops it after them. */
export function useAuditTrail(caller: { ip: string; requestId: string }): AuditTrail {
  let database: TestDatabase | undefined;
  let sealer: AuditSealer | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    sealer = new AuditSealer({ db: database.db, log: silentLog, keys: testKeys });
  });
  afterAll(() => database?.drop());
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the audit trail opens in beforeAll');
    return value;
  };
  const audit = new AuditLog();
  const actor: Actor = { identity: null, ...caller };
  return {
    get db() {
      return opened(database).db;
    },
    get sealer() {
      return opened(sealer);
    },
    audit,
    actor,
    keys: testKeys,
    async recordRead() {
      const patientId = newId();
      await audit.record(opened(database).db, actor, {
        action: 'patient.read',
        resourceType: 'patient',
        patientId,
        outcome: 'success',
      });
      return patientId;
    },
    async sealAll() {
      while ((await opened(sealer).sealPending()) > 0);
    },
    verify(options = {}) {
      return verifyChain(opened(database).db, { keys: testKeys, ...options });
    },
  };
}
