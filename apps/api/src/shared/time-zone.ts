import { Temporal } from 'temporal-polyfill';

/**
 * The canonical spelling of an IANA time-zone name (`europe/berlin` → `Europe/Berlin`), or null
 * when the time-zone database does not know it. Fixed offsets (`+02:00`) are refused: a clinic's
 * wall clock follows its zone's daylight-saving rules, which an offset cannot express.
 */
export function canonicalTimeZone(name: string): string | null {
  if (/^[+-]|^Z$/i.test(name)) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(name).timeZoneId;
  } catch {
    return null;
  }
}
