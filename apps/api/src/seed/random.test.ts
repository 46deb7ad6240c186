import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { Random, randomFor, SEED_EPOCH_MS, seededId } from './random.js';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('seeded randomness', () => {
  it('gives the same stream for the same key and a different one for another key', () => {
    expect(draws(new Random('a'), 50)).toEqual(draws(new Random('a'), 50));
    expect(draws(new Random('a'), 50)).not.toEqual(draws(new Random('b'), 50));
    expect(draws(randomFor('s', 'doctor', 1), 5)).not.toEqual(
      draws(randomFor('s', 'doctor', 2), 5),
    );
  });

  it('keeps int within its inclusive bounds and reaches both ends', () => {
    const rng = new Random('bounds');
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('samples distinct items and never more than there are', () => {
    const rng = new Random('sample');
    const picked = rng.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(picked).size).toBe(4);
    expect(rng.sample([1, 2], 5).sort()).toEqual([1, 2]);
  });

  it('fills byte arrays of any length', () => {
    const bytes = new Random('bytes').bytes(16);
    expect(bytes).toHaveLength(16);
    expect(bytes.some((b) => b !== 0)).toBe(true);
  });
});

describe('seededId', () => {
  it('is a UUIDv7 stamped at the epoch plus the index', () => {
    const id = seededId('s', 'doctor', 42);
    expect(validate(id) && version(id)).toBe(7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(SEED_EPOCH_MS + 42);
  });

  it('is a pure function of seed, kind, index and part', () => {
    expect(seededId('s', 'doctor', 1)).toBe(seededId('s', 'doctor', 1));
    const variants = [
      seededId('s', 'doctor', 1),
      seededId('t', 'doctor', 1),
      seededId('s', 'location', 1),
      seededId('s', 'doctor', 2),
      seededId('s', 'doctor', 1, 1),
    ];
    expect(new Set(variants).size).toBe(variants.length);
  });
});
