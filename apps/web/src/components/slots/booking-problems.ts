// The problems the booking flow meets (apps/api/src/modules/bookings and availability), and what
// the flow does about each: every one is said in plain words; some also refresh the grid.
import type { TFunction } from 'i18next';
import { ApiProblem, problemMessage } from '../../api/problem.js';

/** Codes with a text of their own under `slots.problems.<code>`. */
export const BOOKING_PROBLEM_CODES = [
  'slot-taken',
  'patient-overlap',
  'hold-expired',
  'not-held',
  'not-booked',
  'booking-started',
  'version-conflict',
  'too-many-bookings',
  'idempotency-key-in-flight',
  'slot-in-past',
  'slot-inside-notice',
  'slot-beyond-horizon',
  'slot-outside-hours',
  'slot-off-grid',
  'slot-time-off',
  'patient-erased',
  'no-patient-profile',
  'busy',
  'rate-limited',
  'not-found',
] as const;

/** Problems after which the free slots shown are out of date. */
const STALE_GRID = new Set([
  'slot-taken',
  'hold-expired',
  'slot-in-past',
  'slot-inside-notice',
  'slot-beyond-horizon',
  'slot-outside-hours',
  'slot-off-grid',
  'slot-time-off',
]);

export function codeOf(error: unknown): string | null {
  return error instanceof ApiProblem ? error.code : null;
}

/** The request may be sent again as it was (same Idempotency-Key): it never got an answer. */
export function isRetryable(error: unknown): boolean {
  return (
    !(error instanceof ApiProblem) ||
    error.status >= 500 ||
    error.code === 'idempotency-key-in-flight'
  );
}

export function refreshesGrid(error: unknown): boolean {
  const code = codeOf(error);
  return code !== null && STALE_GRID.has(code);
}

export function bookingProblemText(t: TFunction, error: unknown): string {
  const code = codeOf(error);
  if (code && (BOOKING_PROBLEM_CODES as readonly string[]).includes(code)) {
    return t(`slots.problems.${code}`);
  }
  return problemMessage(t, error);
}
