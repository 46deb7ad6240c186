import { describe, expect, it } from 'vitest';
import { addDays, isPlainDate, todayIn } from './day.js';

describe('the days of the doctor’s list', () => {
  it('moves by whole calendar days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isPlainDate('2026-12-07')).toBe(true);
    expect(isPlainDate('2026-02-30')).toBe(false);
    expect(isPlainDate('7.12.2026')).toBe(false);
    expect(isPlainDate(null)).toBe(false);
  });

  it('takes today from the clinic’s zone, not the browser’s', () => {
    const lateEvening = new Date('2026-12-06T23:30:00Z');
    expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-12-07');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-12-06');
  });
});
