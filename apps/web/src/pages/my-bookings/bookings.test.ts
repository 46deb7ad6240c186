import type { BookingView } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import { canChange, canRate, latestFirst } from './bookings.js';

const booking = (over: Partial<BookingView>): BookingView => ({
  id: '00000000-0000-4000-8000-000000000001',
  patientId: '00000000-0000-4000-8000-000000000002',
  doctorId: '00000000-0000-4000-8000-000000000003',
  diagnosticLocationId: null,
  diagnosticId: null,
  locationId: '00000000-0000-4000-8000-000000000004',
  startAt: '2026-12-08T10:00:00+01:00',
  endAt: '2026-12-08T10:30:00+01:00',
  status: 'booked',
  holdExpiresAt: null,
  reason: null,
  price: '80.00',
  currency: 'EUR',
  version: 1,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  ...over,
});

describe('my bookings', () => {
  const now = new Date('2026-12-08T08:00:00Z');

  it('offers cancel and reschedule for a booked appointment until it starts', () => {
    expect(canChange(booking({}), now)).toBe(true);
    expect(canChange(booking({ startAt: '2026-12-08T08:00:00Z' }), now)).toBe(false);
    expect(canChange(booking({ status: 'checked_in' }), now)).toBe(false);
    expect(canChange(booking({ status: 'cancelled' }), now)).toBe(false);
  });

  it('offers rating for completed doctor visits only', () => {
    expect(canRate(booking({ status: 'completed' }))).toBe(true);
    expect(canRate(booking({ status: 'booked' }))).toBe(false);
    expect(
      canRate(booking({ status: 'completed', doctorId: null, diagnosticLocationId: 'x' })),
    ).toBe(false);
  });

  it('lists the past with the most recent visit first', () => {
    const a = booking({ id: 'a', startAt: '2026-11-01T10:00:00+01:00' });
    const b = booking({ id: 'b', startAt: '2026-11-20T10:00:00+01:00' });
    expect(latestFirst([a, b]).map((x) => x.id)).toEqual(['b', 'a']);
  });
});
