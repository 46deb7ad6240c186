import { describe, expect, it } from 'vitest';
import {
  canonicalContent,
  chainHash,
  chainKey,
  GENESIS_HASH,
  legacyChainHash,
  type SealedContent,
} from './chain.js';
import { chainKeyring } from './keys.js';
import { linkAfter } from './sealer.js';
import { breakIn } from './verify.js';

const SECRET = 'chain-test-key-0123456789abcdef0123456789';
const key = chainKey(SECRET);
const keys = chainKeyring(SECRET);

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
  requestId: '0190b2c4-0000-4000-8000-0000000000aa',
  correlationId: 'gateway-7',
};

describe('the audit chain hash', () => {
  it('is pinned: changing the scheme would invalidate every chain already sealed', () => {
    // Both computed independently (Python's hmac) from the documented rule.
    expect(key.id).toBe('119a908de28fa3cf');
    expect(chainHash(key, GENESIS_HASH, event)).toBe(
      'c44c28d39fa1b2ecae2d0abeaafc69c3bc1ed0ba14c063d58522792836a03c00',
    );
    // Rows sealed before the chain was keyed keep the rule they were sealed with.
    const legacy = { ...event, requestId: 'req-1', correlationId: null };
    expect(legacyChainHash(GENESIS_HASH, legacy)).toBe(
      'a7ed1a1d1570bc77c6aa1bb7349953dba6e83cf8cae97f96e7a4e020bc21cc25',
    );
  });

  it('needs the key: another key, or the unkeyed rule, gives another hash', () => {
    const hashes = [
      chainHash(key, GENESIS_HASH, event),
      chainHash(chainKey(`${SECRET}!`), GENESIS_HASH, event),
      legacyChainHash(GENESIS_HASH, event),
    ];
    expect(new Set(hashes).size).toBe(3);
  });

  it('names a key by an id that does not reveal it', () => {
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(chainKey(SECRET).id).toBe(key.id);
    expect(chainKey(`${SECRET}!`).id).not.toBe(key.id);
    expect(SECRET).not.toContain(key.id);
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
      event.requestId,
      'gateway-7',
    ]);
  });

  it('tells null from "null" and from "", and values that would merge when concatenated', () => {
    const hashes = [
      { ...event, resourceId: null },
      { ...event, resourceId: 'null' },
      { ...event, resourceId: '' },
      { ...event, action: 'auth.sign', resourceType: '-inaccount' },
      { ...event, action: 'auth.sign-in","account', resourceType: '' },
      { ...event, correlationId: null },
    ].map((row) => chainHash(key, GENESIS_HASH, row));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('depends on the previous hash and on every microsecond of the time', () => {
    const base = chainHash(key, GENESIS_HASH, event);
    expect(chainHash(key, 'f'.repeat(64), event)).not.toBe(base);
    expect(
      chainHash(key, GENESIS_HASH, { ...event, occurredAt: '2025-01-31T09:15:00.123457Z' }),
    ).not.toBe(base);
  });
});

describe('linking and checking rows', () => {
  const rows = [1, 2, 3].map((n) => ({ ...event, id: `0190b2c4-0000-7000-8000-00000000000${n}` }));

  it('starts at seq 1 after the genesis hash and chains each row to the one before', () => {
    const links = linkAfter(key, null, rows);
    expect(links.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(links.map((l) => l.keyId)).toEqual([key.id, key.id, key.id]);
    expect(links[0]!.prevHash).toBe(GENESIS_HASH);
    expect(links[1]!.prevHash).toBe(links[0]!.hash);
    expect(links[2]!.prevHash).toBe(links[1]!.hash);
  });

  it('continues after the last sealed row', () => {
    const [first] = linkAfter(key, { seq: 41, hash: 'a'.repeat(64) }, rows);
    expect(first).toMatchObject({ seq: 42, prevHash: 'a'.repeat(64) });
  });

  it('accepts its own links and names what is wrong with a broken one', () => {
    const [a, b] = linkAfter(key, null, rows).map((link, i) => ({ ...rows[i]!, ...link }));
    const start = { seq: 0, hash: GENESIS_HASH, keyed: false };
    const afterA = { seq: a!.seq, hash: a!.hash, keyed: true };
    expect(breakIn(start, a!, keys)).toBeNull();
    expect(breakIn(afterA, b!, keys)).toBeNull();
    expect(breakIn(afterA, { ...b!, seq: 4 }, keys)).toMatch(/seq 4 follows seq 1: 2 sealed row/);
    expect(breakIn(afterA, { ...b!, prevHash: GENESIS_HASH }, keys)).toMatch(/prev_hash/);
    expect(breakIn(afterA, { ...b!, action: 'patient.delete' }, keys)).toMatch(/content/);
    expect(breakIn(afterA, b!, chainKeyring(`${SECRET}!`))).toMatch(
      new RegExp(`sealed with key ${key.id}, which is not configured`),
    );
  });

  it('accepts unkeyed rows only before the first keyed one', () => {
    const start = { seq: 0, hash: GENESIS_HASH, keyed: false };
    const legacy = { ...rows[0]!, seq: 1, prevHash: GENESIS_HASH, keyId: null };
    const unkeyed = { ...legacy, hash: legacyChainHash(GENESIS_HASH, legacy) };
    expect(breakIn(start, unkeyed, keys)).toBeNull();
    expect(breakIn({ ...start, keyed: true }, unkeyed, keys)).toBe(
      'sealed without a key after keyed rows',
    );
  });
});
