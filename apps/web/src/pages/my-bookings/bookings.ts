// Pure rules of the bookings list: what a patient may still do with a booking, and the order the
// lists are shown in. The API decides in the end; these only spare people buttons that would fail.
import type { BookingView } from '@medsync/contracts';

/** A patient cancels or moves their own booked appointment until it starts. */
export function canChange(booking: BookingView, now: Date): boolean {
  return booking.status === 'booked' && new Date(booking.startAt) > now;
}

/** A completed visit to a doctor can be rated (diagnostics cannot). */
export function canRate(booking: BookingView): boolean {
  return booking.status === 'completed' && booking.doctorId !== null;
}

/** Latest start first: the past list reads from the most recent visit back. */
export function latestFirst(bookings: readonly BookingView[]): BookingView[] {
  return [...bookings].sort(
    (a, b) => Date.parse(b.startAt) - Date.parse(a.startAt) || b.id.localeCompare(a.id),
  );
}

export type StatusTone = 'ok' | 'warning' | 'danger' | '';

export function statusTone(status: BookingView['status']): StatusTone {
  if (status === 'booked' || status === 'checked_in' || status === 'completed') return 'ok';
  if (status === 'held') return 'warning';
  if (status === 'cancelled' || status === 'no_show' || status === 'expired') return 'danger';
  return '';
}
