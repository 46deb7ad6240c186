import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/** Seeded rows are stamped from this instant, so neither ids nor timestamps depend on the clock. */
export const SEED_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * A seeded PRNG (sfc32) keyed by a string. Every generated entity gets its own stream keyed by
 * seed, kind and index, so a row depends only on those three and never on what came before it.
 */
export class Random {
  private readonly state: Uint32Array;

  constructor(key: string) {
    const digest = createHash('sha256').update(key).digest();
    this.state = new Uint32Array([
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ]);
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct items in random order (a partial Fisher–Yates shuffle). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.nextUint32();
      for (let b = 0; b < 4 && i + b < length; b++) out[i + b] = (word >>> (8 * b)) & 0xff;
    }
    return out;
  }
}

/** The random stream of one generated entity. */
export const randomFor = (seed: string, kind: string, index: number): Random =>
  new Random(`${seed}/${kind}/${index}`);

/** When the entity with this index was "created": the epoch plus one millisecond per index. */
export const seededInstant = (index: number): Date => new Date(SEED_EPOCH_MS + index);

/**
 * A UUIDv7 that is a pure function of its arguments: the time part is `seededInstant(index)`, so
 * ids sort in generation order, and the random part comes from a stream keyed like the entity's.
 * `part` tells apart several rows one entity owns (a location's working hours).
 */
export function seededId(seed: string, kind: string, index: number, part = 0): string {
  const random = new Random(`${seed}/${kind}/${index}/${part}#id`).bytes(16);
  return v7({ msecs: SEED_EPOCH_MS + index, random });
}
