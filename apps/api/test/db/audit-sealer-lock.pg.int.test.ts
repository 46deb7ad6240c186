import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/modules/audit/audit-log.js';
import { AuditRepository } from '../../src/modules/audit/repository.js';
import { AuditSealer, SEALER_LOCK } from '../../src/modules/audit/sealer.js';
import type { Actor } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Server only (*.pg.int.test.ts runs in the PostgreSQL pass): it needs two connections, one
// holding the sealer's lock while another instance tries to seal. PGlite has one connection.

const actor: Actor = { identity: null, ip: '192.0.2.10', requestId: 'req-lock' };
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('the audit sealer between instances', () => {
  it('skips a pass without waiting while another instance holds the sealer lock', async () => {
    const { db } = database;
    const sealer = new AuditSealer({ db, log: pino({ level: 'silent' }) });
    for (let i = 0; i < 2; i++) {
      await new AuditLog().record(db, actor, {
        action: 'patient.read',
        resourceType: 'patient',
        patientId: newId(),
        outcome: 'success',
      });
    }
    await db.transaction(async (tx) => {
      expect(await new AuditRepository(tx).tryLock(SEALER_LOCK)).toBe(true);
      expect(await sealer.sealPending()).toBe(0);
    });
    expect(await sealer.sealPending()).toBe(2);
  });
});
