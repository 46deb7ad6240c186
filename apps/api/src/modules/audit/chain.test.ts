import { describe, expect, it } from 'vitest';
import { canonicalContent, chainHash, GENESIS_HASH, type SealedContent } from './chain.js';
import { linkAfter } from './sealer.js';
import { breakIn } from './verify.js';

const event: SealedContent = {
  id: '0190b2c4-0000-7000-8000-000000000001',
  occurredAt: '2025-01-31T09:15:00.123456Z',
  actorId: null,
  actorRole: null,
  action: 'auth.sign-in',
  resourceType: 'account',
  resourceId: null,
  patientId: null,
  outcome: 'failure',
  ip: '203.0.113.7',
  requestId: 'req-1',
};

describe('the audit chain hash', () => {
  it('is pinned: changing the scheme would invalidate every chain already sealed', () => {
    expect(chainHash(GENESIS_HASH, event)).toBe(
      'a7ed1a1d1570bc77c6aa1bb7349953dba6e83cf8cae97f96e7a4e020bc21cc25',
    );
  });

  it('serializes every column in a fixed order with nulls explicit', () => {
    expect(JSON.parse(canonicalContent(event))).toEqual([
      event.id,
      event.occurredAt,
      null,
      null,
      'auth.sign-in',
      'account',
      null,
      null,
      'failure',
      '203.0.113.7',
      'req-1',
    ]);
  });

  it('tells null from "null" and from "", and values that would merge when concatenated', () => {
    const hashes = [
      { ...event, resourceId: null },
      { ...event, resourceId: 'null' },
      { ...event, resourceId: '' },
      { ...event, action: 'auth.sign', resourceType: '-inaccount' },
      { ...event, action: 'auth.sign-in","account', resourceType: '' },
    ].map((row) => chainHash(GENESIS_HASH, row));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('depends on the previous hash and on every microsecond of the time', () => {
    const base = chainHash(GENESIS_HASH, event);
    expect(chainHash('f'.repeat(64), event)).not.toBe(base);
    expect(
      chainHash(GENESIS_HASH, { ...event, occurredAt: '2025-01-31T09:15:00.123457Z' }),
    ).not.toBe(base);
  });
});

describe('linking and checking rows', () => {
  const rows = [1, 2, 3].map((n) => ({ ...event, id: `0190b2c4-0000-7000-8000-00000000000${n}` }));

  it('starts at seq 1 after the genesis hash and chains each row to the one before', () => {
    const links = linkAfter(null, rows);
    expect(links.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(links[0]!.prevHash).toBe(GENESIS_HASH);
    expect(links[1]!.prevHash).toBe(links[0]!.hash);
    expect(links[2]!.prevHash).toBe(links[1]!.hash);
  });

  it('continues after the last sealed row', () => {
    const [first] = linkAfter({ seq: 41, hash: 'a'.repeat(64) }, rows);
    expect(first).toMatchObject({ seq: 42, prevHash: 'a'.repeat(64) });
  });

  it('accepts its own links and names what is wrong with a broken one', () => {
    const [a, b] = linkAfter(null, rows).map((link, i) => ({ ...rows[i]!, ...link }));
    expect(breakIn({ seq: 0, hash: GENESIS_HASH }, a!)).toBeNull();
    expect(breakIn(a!, b!)).toBeNull();
    expect(breakIn(a!, { ...b!, seq: 4 })).toMatch(/seq 4 follows seq 1: 2 sealed row/);
    expect(breakIn(a!, { ...b!, prevHash: GENESIS_HASH })).toMatch(/prev_hash/);
    expect(breakIn(a!, { ...b!, action: 'patient.delete' })).toMatch(/content/);
  });
});
