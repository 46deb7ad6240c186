import { describe, expect, it } from 'vitest';
import { dayKey, formatMoney, formatPlainDate, formatTime, zoneName } from './format.js';

describe('formatting for people', () => {
  it('shows an instant in the clinic’s zone, across a daylight-saving change', () => {
    // 29 March 2026: Berlin moves from UTC+1 to UTC+2 at 01:00 UTC.
    expect(formatTime('2026-03-28T08:00:00Z', 'Europe/Berlin', 'en-GB')).toBe('09:00');
    expect(formatTime('2026-03-30T08:00:00Z', 'Europe/Berlin', 'en-GB')).toBe('10:00');
    expect(formatTime('2026-03-30T08:00:00Z', 'Asia/Kolkata', 'en-GB')).toBe('13:30');
  });

  it('groups by the calendar date in the zone, not the browser’s', () => {
    expect(dayKey('2026-12-07T23:30:00Z', 'Europe/Berlin')).toBe('2026-12-08');
    expect(dayKey('2026-12-07T23:30:00Z', 'America/New_York')).toBe('2026-12-07');
  });

  it('formats money in the clinic’s currency for the reader’s locale', () => {
    expect(formatMoney('85.00', 'EUR', 'en-GB')).toBe('€85.00');
    expect(formatMoney('85.00', 'EUR', 'de-DE')).toBe('85,00\u00a0€');
    expect(formatMoney('1500.00', 'INR', 'en-GB')).toBe('₹1,500.00');
  });

  it('formats a plain date without shifting it by a zone', () => {
    expect(formatPlainDate('1987-03-01', 'en-GB')).toBe('1 Mar 1987');
  });

  it('names the zone as people know it', () => {
    expect(zoneName('Europe/Berlin', 'en-GB', '2026-12-07T10:00:00Z')).toBe(
      'Central European Standard Time',
    );
  });
});
