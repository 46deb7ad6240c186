import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.js';

describe('the page to return to after signing in', () => {
  it('is a path on this site only', () => {
    expect(safeNext('/my-bookings?tab=past')).toBe('/my-bookings?tab=past');
    expect(safeNext('//evil.example/')).toBeNull();
    expect(safeNext('https://evil.example/')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
