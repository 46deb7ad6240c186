import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testKeys as keys } from '../../../test/support/audit-fixtures.js';
import type { Database } from '../../db/client.js';
import { AuditSealer } from './sealer.js';

// A timed pass's contract, with a fake database: the real sealing is tested in test/db, the
// timer that repeats the pass in src/jobs/periodic.test.ts.

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** A database whose every transaction fails like a lost connection would. */
function failingDatabase(calls: { count: number }): Database {
  const transaction = async () => {
    calls.count++;
    throw Object.assign(new Error('Failed query: update audit_events …\nparams: secret'), {
      cause: Object.assign(new Error('connection lost'), { code: '08006' }),
    });
  };
  return { transaction } as unknown as Database;
}

/** A database on which every batch comes back full, as under a backlog that never drains. */
function endlessBacklog(batchSize: number, onBatch: (count: number) => void): Database {
  let count = 0;
  const transaction = async () => {
    onBatch(++count);
    return batchSize;
  };
  return { transaction } as unknown as Database;
}

describe('a sealing pass', () => {
  it('logs a failure with codes only and does not throw, so the next pass runs', async () => {
    const calls = { count: 0 };
    const { log, lines } = capturingLogger();
    const sealer = new AuditSealer({ db: failingDatabase(calls), log, keys });
    await sealer.sealBacklog();
    await sealer.sealBacklog();
    expect(calls.count).toBe(2);
    const failures = lines.filter((l) => l.msg === 'audit sealing failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ error: 'Error', code: '08006', sealed: 0 });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('drains batch after batch, and ends between batches once stopping aborts', async () => {
    const { log, lines } = capturingLogger();
    const stopping = new AbortController();
    let batches = 0;
    const db = endlessBacklog(4, (count) => {
      batches = count;
      if (count === 3) stopping.abort();
    });
    await new AuditSealer({ db, log, keys, batchSize: 4 }).sealBacklog(stopping.signal);
    expect(batches).toBe(3);
    expect(lines.find((l) => l.msg === 'audit events sealed')).toMatchObject({ sealed: 12 });
  });
});
