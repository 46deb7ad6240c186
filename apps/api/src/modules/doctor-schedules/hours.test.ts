import { describe, expect, it } from 'vitest';
import { checkWeek, type WorkingInterval } from '../locations/working-hours.js';
import { findOutsideLocation } from './hours.js';
import { timeOffWindow } from './time-off.js';

const at = (weekday: number, opensAt: string, closesAt: string): WorkingInterval => ({
  weekday,
  opensAt,
  closesAt,
});
const outside = (doctor: WorkingInterval[], location: WorkingInterval[]) =>
  findOutsideLocation(doctor, location, 'hours').map((e) => e.field);

describe('a doctor’s hours within the location’s', () => {
  it('accepts intervals inside one location interval and refuses one reaching past it', () => {
    const location = [at(1, '08:00', '12:00'), at(1, '14:00', '18:00')];
    expect(outside([at(1, '08:00', '12:00'), at(1, '15:00', '16:00')], location)).toEqual([]);
    expect(outside([at(1, '11:00', '15:00'), at(2, '09:00', '10:00')], location)).toEqual([
      'hours/0',
      'hours/1',
    ]);
  });

  it('joins touching location intervals', () => {
    expect(
      outside([at(3, '11:00', '13:00')], [at(3, '09:00', '12:00'), at(3, '12:00', '14:00')]),
    ).toEqual([]);
  });

  it('lets an overnight location interval cover the next morning, Sunday into Monday too', () => {
    const location = [at(7, '22:00', '03:00'), at(5, '20:00', '02:00')];
    expect(
      outside(
        [at(7, '23:00', '02:00'), at(1, '00:30', '03:00'), at(6, '01:00', '02:00')],
        location,
      ),
    ).toEqual([]);
    expect(outside([at(1, '02:00', '04:00'), at(6, '01:00', '02:30')], location)).toEqual([
      'hours/0',
      'hours/1',
    ]);
  });

  it('refuses everything when the location has no hours', () => {
    expect(outside([at(1, '09:00', '10:00')], [])).toEqual(['hours/0']);
  });

  it('refuses empty and overlapping intervals of the doctor’s own week', () => {
    expect(() => checkWeek([at(1, '09:00', '09:00')], 'hours')).toThrow(
      expect.objectContaining({ code: 'empty-interval' }),
    );
    expect(() => checkWeek([at(7, '22:00', '02:00'), at(1, '01:00', '03:00')], 'hours')).toThrow(
      expect.objectContaining({ code: 'overlapping-hours' }),
    );
    expect(() =>
      checkWeek([at(1, '09:00', '12:00'), at(1, '12:00', '13:00')], 'hours'),
    ).not.toThrow();
  });
});

describe('the instants a time off covers', () => {
  it('runs whole days from midnight to midnight at the location, across a DST change', () => {
    const window = timeOffWindow(
      { startsOn: '2026-03-29', endsOn: '2026-03-29', startsAt: null, endsAt: null },
      'Europe/Berlin',
    );
    expect(window).toEqual({
      from: new Date('2026-03-28T23:00:00Z'),
      to: new Date('2026-03-29T22:00:00Z'),
    });
  });
});
