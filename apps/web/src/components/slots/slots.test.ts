import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../i18n/catalogs.js';
import {
  addDays,
  dayName,
  daysBetween,
  describeSlot,
  groupByClinicDay,
  isoWeekday,
  pageOf,
  slotName,
  slotStartFromQuery,
  weekDates,
  weekStartOf,
  zoneCity,
} from './slots.js';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({
    resources: { en: { translation: CATALOGS.en }, de: { translation: CATALOGS.de } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
});
const tr = (key: string, options: Record<string, string | number>) => t.t(key, options);

describe('weeks of local dates', () => {
  it('moves dates across month, year and the daylight-saving weekend alike', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('starts weeks on Monday', () => {
    expect(isoWeekday('2026-12-06')).toBe(7);
    expect(weekStartOf('2026-12-06')).toBe('2026-11-30');
    expect(weekStartOf('2026-12-07')).toBe('2026-12-07');
    expect(weekDates('2027-03-22')).toEqual([
      '2027-03-22',
      '2027-03-23',
      '2027-03-24',
      '2027-03-25',
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
    ]);
    expect(daysBetween('2026-12-06', '2027-03-28')).toBe(112);
    expect(pageOf('2026-12-06', '2026-12-12')).toBe(0);
    expect(pageOf('2026-12-06', '2026-12-13')).toBe(1);
    expect(pageOf('2026-12-06', '2026-12-01')).toBe(0);
  });
});

describe('grouping slots by the clinic’s day', () => {
  const week = weekDates('2026-12-07');

  it('files a slot under the clinic’s date, not UTC’s or the viewer’s', () => {
    // 23:30 UTC on Sunday is 00:30 on Monday in Berlin; 05:00 on Monday in Kolkata.
    const slots = [
      { startAt: '2026-12-07T00:30:00+01:00', endAt: '2026-12-07T01:00:00+01:00' },
      { startAt: '2026-12-08T09:00:00+01:00', endAt: '2026-12-08T09:30:00+01:00' },
    ];
    const days = groupByClinicDay(slots, 'Europe/Berlin', week);
    expect(days.map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-12-07', 1],
      ['2026-12-08', 1],
      ['2026-12-09', 0],
      ['2026-12-10', 0],
      ['2026-12-11', 0],
      ['2026-12-12', 0],
      ['2026-12-13', 0],
    ]);
    const inNewYork = groupByClinicDay(slots, 'America/New_York', week);
    expect(inNewYork[0]?.date).toBe('2026-12-06');
  });

  it('sorts each day earliest first and keeps an overnight slot past the week as its own day', () => {
    const days = groupByClinicDay(
      [
        { startAt: '2026-12-13T23:00:00+01:00', endAt: '2026-12-13T23:30:00+01:00' },
        { startAt: '2026-12-14T01:00:00+01:00', endAt: '2026-12-14T01:30:00+01:00' },
        { startAt: '2026-12-13T18:00:00+01:00', endAt: '2026-12-13T18:30:00+01:00' },
      ],
      'Europe/Berlin',
      week,
    );
    expect(days.at(-2)?.slots.map((s) => s.startAt)).toEqual([
      '2026-12-13T18:00:00+01:00',
      '2026-12-13T23:00:00+01:00',
    ]);
    expect(days.at(-1)?.date).toBe('2026-12-14');
  });

  it('keeps the wall-clock day across the spring-forward change', () => {
    // Sunday 28 March 2027: Berlin moves from +01:00 to +02:00 at 02:00.
    const days = groupByClinicDay(
      [
        { startAt: '2027-03-27T09:00:00+01:00', endAt: '2027-03-27T09:30:00+01:00' },
        { startAt: '2027-03-29T09:00:00+02:00', endAt: '2027-03-29T09:30:00+02:00' },
      ],
      'Europe/Berlin',
      weekDates('2027-03-22'),
    );
    expect(days.find((d) => d.date === '2027-03-27')?.slots).toHaveLength(1);
    expect(days.at(-1)?.date).toBe('2027-03-29');
  });
});

describe('what a slot reads as', () => {
  it('names the clinic’s date, time and zone, and the viewer’s time when it differs', () => {
    const start = '2026-12-07T09:30:00+01:00';
    const same = describeSlot(start, 'Europe/Berlin', 'Europe/Berlin', 'en-GB');
    expect(same).toEqual({
      date: 'Monday, 7 December 2026',
      time: '09:30',
      localTime: null,
      localDate: null,
    });
    expect(slotName(tr, same, 'Europe/Berlin')).toBe(
      'Monday, 7 December 2026 at 09:30, Berlin time',
    );
    const kolkata = describeSlot(start, 'Europe/Berlin', 'Asia/Kolkata', 'en-GB');
    expect(kolkata.localTime).toBe('14:00');
    expect(slotName(tr, kolkata, 'Europe/Berlin')).toBe(
      'Monday, 7 December 2026 at 09:30, Berlin time (14:00 your time)',
    );
  });

  it('gives the viewer’s date too when it is another day there', () => {
    const text = describeSlot(
      '2026-12-07T08:00:00+01:00',
      'Europe/Berlin',
      'America/New_York',
      'en-GB',
    );
    expect(text.localTime).toBe('02:00');
    expect(text.localDate).toBeNull();
    const late = describeSlot(
      '2026-12-07T17:30:00+01:00',
      'Europe/Berlin',
      'Asia/Kolkata',
      'en-GB',
    );
    expect(late.localTime).toBe('22:00');
    expect(late.localDate).toBeNull();
    const evening = describeSlot(
      '2026-12-07T19:00:00-05:00',
      'America/New_York',
      'Europe/Berlin',
      'en-GB',
    );
    expect(slotName(tr, evening, 'America/New_York')).toBe(
      'Monday, 7 December 2026 at 19:00, New York time (Tue 8 Dec, 01:00 your time)',
    );
  });

  it('leaves out the viewer’s time for another zone with the same clock', () => {
    expect(
      describeSlot('2026-12-07T09:30:00+01:00', 'Europe/Berlin', 'Europe/Paris', 'en-GB').localTime,
    ).toBeNull();
  });

  it('reads in German too, and names days with their count', () => {
    const text = describeSlot(
      '2026-12-07T09:30:00+01:00',
      'Europe/Berlin',
      'Europe/Berlin',
      'de-DE',
    );
    expect(slotName((k, o) => t.t(k, { ...o, lng: 'de' }), text, 'Europe/Berlin')).toBe(
      'Montag, 7. Dezember 2026 um 09:30, Ortszeit Berlin',
    );
    expect(dayName(tr, '2026-12-07', 3, 'en-GB')).toBe('Monday, 7 December 2026: 3 free times');
    expect(dayName(tr, '2026-12-07', 1, 'en-GB')).toBe('Monday, 7 December 2026: 1 free time');
  });

  it('names zones by their city', () => {
    expect(zoneCity('America/New_York')).toBe('New York');
    expect(zoneCity('Asia/Kolkata')).toBe('Kolkata');
    expect(zoneCity('UTC')).toBe('UTC');
  });
});

describe('a slot start from the URL', () => {
  it('takes an instant, restores a "+" read as a space, and refuses anything else', () => {
    expect(slotStartFromQuery('2026-12-07T09:30:00+01:00')).toBe('2026-12-07T09:30:00+01:00');
    expect(slotStartFromQuery('2026-12-07T09:30:00 01:00')).toBe('2026-12-07T09:30:00+01:00');
    expect(slotStartFromQuery('2026-12-07T09:30:00-05:00')).toBe('2026-12-07T09:30:00-05:00');
    expect(slotStartFromQuery('tomorrow')).toBeNull();
    expect(slotStartFromQuery(null)).toBeNull();
  });
});
