// Dates, times, money and numbers for people, with Intl in the page's locale. Instants are shown
// in a named time zone (the clinic's, usually); grouping by day uses that zone's calendar date.
// No offset arithmetic here: Intl knows the zones' rules.

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl.DateTimeFormat per locale and options, kept: building one costs far more than using
 * it, and a week of slots formats hundreds of instants.
 */
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** The browser's own IANA time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "14:30" in the zone. */
export function formatTime(instant: string | Date, timeZone: string, locale: string): string {
  return dateFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** "Monday, 7 December 2026" in the zone. */
export function formatLongDate(instant: string | Date, timeZone: string, locale: string): string {
  return dateFormat(locale, { timeZone, dateStyle: 'full' }).format(new Date(instant));
}

/** "Mon 7 Dec" in the zone. */
export function formatShortDate(instant: string | Date, timeZone: string, locale: string): string {
  return dateFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(instant));
}

/** "Monday, 7 December 2026 at 14:30" in the zone. */
export function formatDateTime(instant: string | Date, timeZone: string, locale: string): string {
  return dateFormat(locale, {
    timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(instant));
}

/** A calendar date given as YYYY-MM-DD ("2026-12-07"), with no time zone involved. */
export function formatPlainDate(date: string, locale: string, style: 'full' | 'medium' = 'medium') {
  const [y, m, d] = date.split('-').map(Number);
  return dateFormat(locale, { timeZone: 'UTC', dateStyle: style }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}

/** The instant's calendar date in the zone, as YYYY-MM-DD: the key to group slots by day. */
export function dayKey(instant: string | Date, timeZone: string): string {
  const parts = dateFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The zone's name for people at that instant: "Central European Standard Time". */
export function zoneName(timeZone: string, locale: string, at: string | Date = new Date()): string {
  const parts = dateFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** A price given as a decimal string and an ISO 4217 code: "€85.00", "85,00 €". */
export function formatMoney(amount: string, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
}

export function formatNumber(value: number, locale: string, digits?: number): string {
  return new Intl.NumberFormat(locale, {
    ...(digits === undefined ? {} : { maximumFractionDigits: digits }),
  }).format(value);
}
