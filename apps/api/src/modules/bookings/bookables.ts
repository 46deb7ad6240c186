import type { CreateBookingInput } from '@medsync/contracts';
import type { BookingRow } from '../../db/schema/index.js';
import { Unprocessable } from '../../shared/errors.js';
import type { Bookable, BookableRef } from '../availability/index.js';

// What a booking is for: the bookable a request or a row names, and what its response shows.

/** The booking's bookable as written to the row, from a request naming exactly one. */
export function bookableOf(
  input: Pick<CreateBookingInput, 'doctorId' | 'diagnosticLocationId'>,
): BookableRef {
  const { doctorId, diagnosticLocationId } = input;
  if (doctorId !== undefined && diagnosticLocationId === undefined) return { doctorId };
  if (diagnosticLocationId !== undefined && doctorId === undefined) {
    return { diagnosticLocationId };
  }
  const message = 'name exactly one of doctorId and diagnosticLocationId';
  throw new Unprocessable('one-subject-required', 'Book either a doctor or a diagnostic', [
    { field: 'doctorId', message },
    { field: 'diagnosticLocationId', message },
  ]);
}

export const bookableOfRow = (row: BookingRow): BookableRef =>
  row.doctorId ? { doctorId: row.doctorId } : { diagnosticLocationId: row.diagnosticLocationId! };

/** What a booking's response takes from its bookable (the price comes from the row). */
export const presentedWith = (bookable: Bookable) => ({
  timeZone: bookable.timeZone,
  diagnosticId: bookable.diagnosticId,
});

export const bookableName = (ref: BookableRef) =>
  'doctorId' in ref ? 'Doctor' : 'Diagnostic location';
