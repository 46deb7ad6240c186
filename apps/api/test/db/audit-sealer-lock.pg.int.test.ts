import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/modules/audit/repository.js';
import { SEALER_LOCK } from '../../src/modules/audit/sealer.js';
import { useAuditTrail } from '../support/audit-fixtures.js';

// Server only (*.pg.int.test.ts runs in the PostgreSQL pass): it needs two connections, one
// holding the sealer's lock while another instance tries to seal. PGlite has one connection.

const t = useAuditTrail({ ip: '192.0.2.10', requestId: 'req-lock' });

describe('the audit sealer between instances', () => {
  it('skips a pass without waiting while another instance holds the sealer lock', async () => {
    for (let i = 0; i < 2; i++) await t.recordRead();
    await t.db.transaction(async (tx) => {
      expect(await new AuditRepository(tx).tryLock(SEALER_LOCK)).toBe(true);
      expect(await t.sealer.sealPending()).toBe(0);
    });
    expect(await t.sealer.sealPending()).toBe(2);
  });
});
