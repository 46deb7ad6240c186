import { describe, expect, it } from 'vitest';
import { flatIndex, intervalsOf, weekdayName, weekOf, workWeek } from './weekly-hours.js';

describe('weekly hours', () => {
  it('groups the API list by weekday, each day by opening time, and flattens it back', () => {
    const week = weekOf([
      { weekday: 3, opensAt: '14:00', closesAt: '18:00' },
      { weekday: 1, opensAt: '08:00', closesAt: '12:00' },
      { weekday: 3, opensAt: '08:00', closesAt: '12:00' },
    ]);
    expect(week[2]).toEqual([
      { opensAt: '08:00', closesAt: '12:00' },
      { opensAt: '14:00', closesAt: '18:00' },
    ]);
    expect(week[6]).toEqual([]);
    expect(intervalsOf(week).map((i) => `${i.weekday} ${i.opensAt}`)).toEqual([
      '1 08:00',
      '3 08:00',
      '3 14:00',
    ]);
  });

  it('points an error index at the row shown', () => {
    const week = workWeek('09:00', '17:00');
    week[1]?.push({ opensAt: '18:00', closesAt: '20:00' });
    expect(flatIndex(week, 0, 0)).toBe(0);
    expect(flatIndex(week, 1, 1)).toBe(2);
    expect(flatIndex(week, 2, 0)).toBe(3);
    expect(intervalsOf(week)[2]).toEqual({ weekday: 2, opensAt: '18:00', closesAt: '20:00' });
  });

  it('names ISO weekdays, Monday first', () => {
    expect(weekdayName(1, 'en-GB')).toBe('Monday');
    expect(weekdayName(7, 'de-DE')).toBe('Sonntag');
  });
});
