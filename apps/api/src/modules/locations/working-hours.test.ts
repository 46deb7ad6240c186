import { describe, expect, it } from 'vitest';
import { findOverlaps, weekMinutes } from './working-hours.js';

const interval = (weekday: number, opensAt: string, closesAt: string) => ({
  weekday,
  opensAt,
  closesAt,
});

describe('working hours', () => {
  it('places an interval in the week, an overnight one running into the next day', () => {
    expect(weekMinutes(interval(1, '08:00', '12:00'))).toEqual({ start: 480, end: 720 });
    expect(weekMinutes(interval(5, '18:00', '02:00'))).toEqual({
      start: 4 * 1440 + 18 * 60,
      end: 5 * 1440 + 2 * 60,
    });
  });

  it('accepts a lunch break as two touching intervals and the same hours on other days', () => {
    const hours = [
      interval(1, '08:00', '12:00'),
      interval(1, '12:00', '18:00'),
      interval(2, '08:00', '12:00'),
    ];
    expect(findOverlaps(hours, 'workingHours')).toEqual([]);
  });

  it('reports the later of two overlapping intervals, naming its index', () => {
    const hours = [interval(3, '08:00', '12:00'), interval(3, '11:30', '14:00')];
    expect(findOverlaps(hours, 'workingHours')).toEqual([
      { field: 'workingHours/1', message: 'Wed 11:30–14:00 overlaps Wed 08:00–12:00' },
    ]);
  });

  it('sees an overnight interval overlap the next morning, across the end of the week too', () => {
    expect(
      findOverlaps([interval(5, '20:00', '03:00'), interval(6, '02:00', '06:00')], 'x'),
    ).toHaveLength(1);
    expect(
      findOverlaps([interval(1, '00:30', '06:00'), interval(7, '22:00', '01:00')], 'x'),
    ).toEqual([{ field: 'x/1', message: 'Sun 22:00–01:00 overlaps Mon 00:30–06:00' }]);
    expect(
      findOverlaps([interval(1, '01:00', '06:00'), interval(7, '22:00', '01:00')], 'x'),
    ).toEqual([]);
  });
});
