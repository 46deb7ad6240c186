import type { Executor } from '../../db/client.js';
import { BookingReadRepository } from './read-repository.js';
import { BookingWrites } from './repository.js';

/** The storage the write path uses, given a transaction: the Drizzle repositories, or fakes. */
export interface BookingStores {
  writes(tx: Executor): BookingWriteStore;
  reads(tx: Executor): Pick<BookingReadRepository, 'get'>;
}
export type BookingWriteStore = Pick<
  BookingWrites,
  | 'lock'
  | 'patientErased'
  | 'bookableLocation'
  | 'releaseExpiredHolds'
  | 'activeFutureCount'
  | 'takenUnits'
  | 'insert'
  | 'confirm'
  | 'expireHold'
  | 'move'
>;

/** The repositories over PostgreSQL (or PGlite). */
export const bookingStores: BookingStores = {
  writes: (tx) => new BookingWrites(tx),
  reads: (tx) => new BookingReadRepository(tx),
};
