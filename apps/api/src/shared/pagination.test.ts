import { Cursor } from '@medsync/contracts';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { BadRequest } from './errors.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

const ID = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const encodeRaw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Asserts the cursor is refused as the client's error in the query's `cursor`. */
function expectRefused(cursor: string, sort = 'name'): void {
  let thrown: unknown;
  try {
    decodeCursor(cursor, sort);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(BadRequest);
  const err = thrown as BadRequest;
  expect(err.status).toBe(400);
  expect(err.code).toBe('invalid-cursor');
  expect(err.errors).toEqual([expect.objectContaining({ field: 'cursor', in: 'query' })]);
}

describe('cursors', () => {
  it('round-trips a position through an opaque, URL-safe string', () => {
    const cursor = encodeCursor({ sort: 'name', value: 'Cardiology', id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'name')).toEqual({ sort: 'name', value: 'Cardiology', id: ID });
  });

  it('round-trips non-ASCII text', () => {
    const named = encodeCursor({ sort: 'name', value: 'Ärztin Ünal – 東京', id: ID });
    expect(decodeCursor(named, 'name')?.value).toBe('Ärztin Ünal – 東京');
  });

  it('issues cursors its own query schema accepts, even after the longest names', () => {
    // A name is at most 128 characters; control characters are the longest once JSON-escaped.
    for (const value of ['\u0001'.repeat(128), '😀'.repeat(128), 'ü'.repeat(128)]) {
      const cursor = encodeCursor({ sort: '-price', value, id: ID });
      expect(Value.Check(Cursor, cursor)).toBe(true);
      expect(decodeCursor(cursor, '-price')).toEqual({ sort: '-price', value, id: ID });
    }
  });

  it('means the first page when no cursor is given', () => {
    expect(decodeCursor(undefined, 'name')).toBeNull();
  });

  it('refuses a cursor made for another sort order', () => {
    expectRefused(encodeCursor({ sort: 'price', value: '10.00', id: ID }), 'name');
  });

  it('refuses garbage that is not a cursor at all', () => {
    expectRefused('not-a-cursor');
    expectRefused('AAAA');
  });

  it('refuses a cursor without a sort value, on every list', () => {
    // toPage always writes a string: a null would match no row and end the list silently.
    expectRefused(encodeRaw(['name', null, ID]));
    expectRefused(encodeRaw(['created', null, ID]), 'created');
  });

  it('refuses tampered JSON', () => {
    expectRefused(encodeRaw({ sort: 'name', value: 'A', id: ID }));
    expectRefused(encodeRaw(['name', 'A']));
    expectRefused(encodeRaw(['name', 'A', ID, 'extra']));
    expectRefused(encodeRaw(['name', 42, ID]));
    expectRefused(encodeRaw(['name', 'A', 7]));
  });

  it('refuses a cursor whose id is not a UUID', () => {
    expectRefused(encodeRaw(['name', 'A', 'not-a-uuid']));
    expectRefused(encodeRaw(['name', 'A', `${ID}0`]));
  });

  it('refuses a cursor whose id has a UUID’s length and alphabet but not its shape', () => {
    // Such an id reaches PostgreSQL as `id > '000…'` and fails there (22P02): a 500, not a 400.
    expectRefused(encodeRaw(['name', 'A', '0'.repeat(36)]));
    expectRefused(encodeRaw(['name', 'A', '-'.repeat(36)]));
  });
});

describe('toPage', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `0192f3a4-5b6c-7d8e-9f01-${String(i).padStart(12, '0')}`,
      name: `Row ${i}`,
    }));
  const page = (fetched: ReturnType<typeof rows>, limit: number) =>
    toPage(
      fetched,
      limit,
      'name',
      (r) => r.name,
      (r) => ({ label: r.name }),
    );

  it('sets nextCursor to the last shown row when more rows were fetched than the limit', () => {
    const fetched = rows(4);
    const result = page(fetched, 3);
    expect(result.items).toEqual([{ label: 'Row 0' }, { label: 'Row 1' }, { label: 'Row 2' }]);
    expect(result.nextCursor).not.toBeNull();
    expect(decodeCursor(result.nextCursor!, 'name')).toEqual({
      sort: 'name',
      value: 'Row 2',
      id: fetched[2]!.id,
    });
  });

  it('has no nextCursor on the last page', () => {
    expect(page(rows(3), 3)).toMatchObject({ nextCursor: null });
    expect(page(rows(1), 3)).toMatchObject({ items: [{ label: 'Row 0' }], nextCursor: null });
    expect(page([], 3)).toEqual({ items: [], nextCursor: null });
  });
});
