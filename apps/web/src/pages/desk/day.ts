// The front desk's pure logic: calendar days as YYYY-MM-DD, grouping a location's day by who
// is booked (a doctor or a diagnostic), and which status changes a booking offers.
import type { BookingStatus, BookingView, DayBookingView } from '@medsync/contracts';

/** A booking on the day's list: with its patient's name, as the list answers it. */
export type Booking = DayBookingView;

/** Action names as the API spells them (`POST /bookings/{id}/<action>`). */
export type DeskAction = 'check-in' | 'complete' | 'no-show' | 'cancel';

/** Actions that lose something the patient had: asked again before they are sent. */
export const DESTRUCTIVE: ReadonlySet<DeskAction> = new Set(['no-show', 'cancel']);

/** The calendar day after (or before, with a negative count) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return next.toISOString().slice(0, 10);
}

/** The status changes staff may offer for a booking now (the API decides in the end). */
export function actionsFor(booking: Pick<Booking, 'status' | 'startAt'>, now: Date): DeskAction[] {
  switch (booking.status) {
    case 'booked': {
      const started = new Date(booking.startAt).getTime() <= now.getTime();
      return started ? ['check-in', 'no-show', 'cancel'] : ['check-in', 'cancel'];
    }
    case 'held':
      return ['cancel'];
    case 'checked_in':
      return ['complete'];
    default:
      return [];
  }
}

/** Whether a booking may still be moved to another slot. */
export function canReschedule(status: BookingStatus): boolean {
  return status === 'booked';
}

export interface Column {
  /** `doctor:<id>` or `diagnostic:<id>`. */
  key: string;
  kind: 'doctor' | 'diagnostic';
  id: string;
  bookings: Booking[];
}

/** One column per doctor (or diagnostic) with bookings that day, each ordered by start. */
export function columnsOf(bookings: readonly Booking[]): Column[] {
  const columns = new Map<string, Column>();
  for (const booking of bookings) {
    const kind = booking.doctorId ? 'doctor' : 'diagnostic';
    const id = booking.doctorId ?? booking.diagnosticLocationId ?? 'unknown';
    const key = `${kind}:${id}`;
    let column = columns.get(key);
    if (!column) {
      column = { key, kind, id, bookings: [] };
      columns.set(key, column);
    }
    column.bookings.push(booking);
  }
  const sorted = [...columns.values()];
  for (const column of sorted) {
    column.bookings.sort(
      (a, b) => Date.parse(a.startAt) - Date.parse(b.startAt) || a.id.localeCompare(b.id),
    );
  }
  return sorted;
}

/**
 * Replaces one booking in a list by its newer version (after a status change). A change answers
 * a plain booking: the patient's name stays as the list gave it.
 */
export function replaceBooking(list: readonly Booking[], updated: BookingView): Booking[] {
  return list.map((b) => (b.id === updated.id ? { ...updated, patient: b.patient } : b));
}

/** Badge style per status; the text always says the status too. */
export function statusTone(status: BookingStatus): 'ok' | 'warning' | 'danger' | 'neutral' {
  if (status === 'completed' || status === 'checked_in') return 'ok';
  if (status === 'held') return 'warning';
  if (status === 'cancelled' || status === 'no_show' || status === 'expired') return 'danger';
  return 'neutral';
}
