import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditChainSettings } from '../../config.js';
import { type ChainKey, chainKey } from './chain.js';

/** The keys of the chain: `current` seals new events; verify also knows the previous ones. */
export interface ChainKeyring {
  readonly current: ChainKey;
  /** The key with this id, current or previous; undefined when it is not configured. */
  find(id: string): ChainKey | undefined;
}

export function chainKeyring(current: string, previous: readonly string[] = []): ChainKeyring {
  const keys = [current, ...previous].map(chainKey);
  const byId = new Map(keys.map((key) => [key.id, key]));
  return { current: keys[0]!, find: (id) => byId.get(id) };
}

const MIN_KEY_LENGTH = 32;

/**
 * The embedded database's key: read from its file, or generated into it (owner-only, 0600) the
 * first time. `wx` makes creation atomic, so two processes starting at once agree on one key.
 */
function keyFromFile(file: string): string {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(`${file}: the audit chain key must be at least ${MIN_KEY_LENGTH} characters`);
  }
  return key;
}

/** The configured keys; in embedded mode this may create the key file (see `keyFromFile`). */
export function loadChainKeys(settings: AuditChainSettings): ChainKeyring {
  const current = 'secret' in settings.key ? settings.key.secret : keyFromFile(settings.key.file);
  return chainKeyring(current, settings.previousKeys);
}
