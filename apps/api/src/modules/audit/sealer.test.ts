import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { AuditSealer } from './sealer.js';

// The timer's contract, with a fake database: the real sealing is tested in test/db.

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

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('the sealer timer', () => {
  it('keeps running after a failed pass, logging codes only, and stops cleanly', async () => {
    const calls = { count: 0 };
    const { log, lines } = capturingLogger();
    const sealer = new AuditSealer({ db: failingDatabase(calls), log, intervalMs: 5 });
    sealer.start();
    await waitFor(() => calls.count >= 3);
    await sealer.stop();
    expect(calls.count).toBeGreaterThanOrEqual(3);
    const failures = lines.filter((l) => l.msg === 'audit sealing failed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]).toMatchObject({ error: 'Error', code: '08006', sealed: 0 });
    expect(JSON.stringify(lines)).not.toContain('secret');
    const after = calls.count;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.count).toBe(after);
  });

  it('does not keep the process alive, and stop without start is harmless', async () => {
    const sealer = new AuditSealer({
      db: failingDatabase({ count: 0 }),
      log: pino({ level: 'silent' }),
    });
    await sealer.stop();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    sealer.start();
    expect(timers()).toBe(before);
    await sealer.stop();
  });
});
