import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import * as contracts from './index.js';

describe('the API contract', () => {
  it('bounds list pages at 100 items and defaults to 20', () => {
    expect(Value.Check(contracts.Limit, 100)).toBe(true);
    expect(Value.Check(contracts.Limit, 101)).toBe(false);
    expect(Value.Default(contracts.Limit, undefined)).toBe(20);
  });

  it('refuses unknown query parameters where a route takes none', () => {
    expect(Value.Check(contracts.NoQuery, {})).toBe(true);
    expect(Value.Check(contracts.NoQuery, { patientId: 'x' })).toBe(false);
  });

  it('names every shared component schema once', () => {
    const ids = Object.values(contracts)
      .map((schema) => (schema as { $id?: unknown } | null)?.$id)
      .filter((id): id is string => typeof id === 'string');
    expect(ids).toContain('Problem');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
