import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainKey } from './chain.js';
import { chainKeyring, loadChainKeys } from './keys.js';

const dir = mkdtempSync(join(tmpdir(), 'medsync-chain-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database’s chain key', () => {
  it('is generated once into its file, readable by the owner only, and reused', () => {
    const file = join(dir, 'data', 'audit-chain.key');
    const first = loadChainKeys({ key: { file }, previousKeys: [] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadChainKeys({ key: { file }, previousKeys: [] });
    expect(again.current.id).toBe(first.current.id);
    expect(again.current.secret.equals(first.current.secret)).toBe(true);
    expect(first.current.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a key file too short to be a key', () => {
    const file = join(dir, 'short.key');
    writeFileSync(file, 'tiny\n', { mode: 0o600 });
    expect(() => loadChainKeys({ key: { file }, previousKeys: [] })).toThrow(/at least 32/);
  });
});

describe('a keyring', () => {
  it('seals with the current key and finds every configured key by its id', () => {
    const [current, old] = ['c'.repeat(32), 'o'.repeat(32)];
    const keys = chainKeyring(current, [old]);
    expect(keys.current.id).toBe(chainKey(current).id);
    expect(keys.find(chainKey(old).id)?.secret.toString()).toBe(old);
    expect(keys.find(chainKey('u'.repeat(32)).id)).toBeUndefined();
  });
});
