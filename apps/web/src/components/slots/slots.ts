// The slot grid's pure logic: weeks of local dates in the clinic's zone, free slots grouped by the
// clinic's calendar day, and what one slot reads as in the clinic's zone and in the viewer's own.
import { dayKey, formatLongDate, formatShortDate, formatTime } from '../../lib/format.js';

export interface FreeSlot {
  startAt: string;
  endAt: string;
}

/** A local calendar date, YYYY-MM-DD, moved by whole days (no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const moved = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return moved.toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week the local date is in. */
export function weekStartOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The seven local dates from `first` on. */
export function weekDates(first: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** Days from one local date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Which seven-day page, counted from `first`, holds `date` (0 for dates before `first`). */
export function pageOf(first: string, date: string): number {
  return Math.max(0, Math.floor(daysBetween(first, date) / 7));
}

export interface SlotDay {
  /** The clinic's local date, YYYY-MM-DD. */
  date: string;
  slots: FreeSlot[];
}

/**
 * The week's days in the clinic's zone, each with its free slots earliest first. A slot counts on
 * the clinic's calendar date of its start, whatever the viewer's zone; a slot that falls outside
 * the week (an overnight window running into the next Monday) gets a day of its own at the end.
 */
export function groupByClinicDay(
  slots: readonly FreeSlot[],
  timeZone: string,
  dates: readonly string[],
): SlotDay[] {
  const days = new Map<string, FreeSlot[]>(dates.map((date) => [date, []]));
  const sorted = [...slots].sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt));
  for (const slot of sorted) {
    const key = dayKey(slot.startAt, timeZone);
    const list = days.get(key);
    if (list) list.push(slot);
    else days.set(key, [slot]);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({ date, slots: list }));
}

/** The city part of an IANA zone, for people: "Europe/Berlin" → "Berlin", "America/New_York" → "New York". */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split('/').pop() ?? timeZone;
  return last.replace(/_/g, ' ');
}

export interface SlotText {
  /** The clinic's date, "Monday, 7 December 2026". */
  date: string;
  /** The clinic's wall-clock time, "09:30". */
  time: string;
  /** The viewer's own time when it reads differently, "03:30"; else null. */
  localTime: string | null;
  /** The viewer's own date ("Mon 7 Dec") when it is another day than the clinic's; else null. */
  localDate: string | null;
}

/**
 * One slot as people read it: in the clinic's zone and, if the viewer's zone shows another
 * wall-clock time, in the viewer's own. Two zones with the same offset at that instant show the
 * same time, so the second one is left out.
 */
export function describeSlot(
  startAt: string,
  clinicZone: string,
  viewerZone: string,
  locale: string,
): SlotText {
  const time = formatTime(startAt, clinicZone, locale);
  const date = formatLongDate(startAt, clinicZone, locale);
  const localTime = formatTime(startAt, viewerZone, locale);
  const sameDay = dayKey(startAt, clinicZone) === dayKey(startAt, viewerZone);
  if (localTime === time && sameDay) return { date, time, localTime: null, localDate: null };
  return {
    date,
    time,
    localTime,
    localDate: sameDay ? null : formatShortDate(startAt, viewerZone, locale),
  };
}

type Translate = (key: string, options: Record<string, string | number>) => string;

/** A slot button's accessible name: "Monday, 7 December 2026 at 09:30, Berlin time". */
export function slotName(t: Translate, text: SlotText, clinicZone: string): string {
  const values = { date: text.date, time: text.time, zone: zoneCity(clinicZone) };
  if (!text.localTime) return t('slots.slotName', values);
  const local = text.localDate ? `${text.localDate}, ${text.localTime}` : text.localTime;
  return t('slots.slotNameWithLocal', { ...values, local });
}

/** A day button's accessible name: "Monday, 7 December 2026: 12 free times". */
export function dayName(t: Translate, date: string, count: number, locale: string): string {
  return t('slots.dayName', { date: formatPlainLongDate(date, locale), count });
}

/** A local date as "Monday, 7 December 2026" (no zone: the date is already the clinic's). */
export function formatPlainLongDate(date: string, locale: string): string {
  return formatLongDate(`${date}T12:00:00Z`, 'UTC', locale);
}

/** A local date as "Mon 7 Dec". */
export function formatPlainShortDate(date: string, locale: string): string {
  return formatShortDate(`${date}T12:00:00Z`, 'UTC', locale);
}

/**
 * A slot start from the URL (`?at=`), or null if it is none. A "+" offset read back as a space
 * (a query that went through one decoding too many) is restored.
 */
export function slotStartFromQuery(value: string | null): string | null {
  if (!value) return null;
  const text = value.trim().replace(/ (\d\d:\d\d)$/, '+$1');
  return Number.isNaN(Date.parse(text)) ? null : text;
}
