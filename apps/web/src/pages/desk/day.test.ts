import type { DayBookingView } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import { actionsFor, addDays, columnsOf, replaceBooking } from './day.js';

const booking = (over: Partial<DayBookingView>): DayBookingView => ({
  id: '00000000-0000-4000-8000-000000000001',
  patientId: '00000000-0000-4000-8000-0000000000aa',
  doctorId: '00000000-0000-4000-8000-0000000000d1',
  diagnosticLocationId: null,
  diagnosticId: null,
  locationId: '00000000-0000-4000-8000-0000000000c1',
  startAt: '2026-12-07T10:00:00+01:00',
  endAt: '2026-12-07T10:30:00+01:00',
  status: 'booked',
  holdExpiresAt: null,
  reason: null,
  price: '85.00',
  currency: 'EUR',
  version: 1,
  createdAt: '2026-12-01T10:00:00+01:00',
  updatedAt: '2026-12-01T10:00:00+01:00',
  patient: { id: '00000000-0000-4000-8000-0000000000aa', fullName: 'Ada Example' },
  ...over,
});

describe('calendar days', () => {
  it('steps across months, years and a daylight-saving change', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });
});

describe('what the desk may do with a booking', () => {
  const before = new Date('2026-12-07T08:00:00Z');
  const after = new Date('2026-12-07T09:05:00Z');
  it('offers no-show only from the start', () => {
    expect(actionsFor(booking({}), before)).toEqual(['check-in', 'cancel']);
    expect(actionsFor(booking({}), after)).toEqual(['check-in', 'no-show', 'cancel']);
  });
  it('completes a checked-in visit and offers nothing for finished ones', () => {
    expect(actionsFor(booking({ status: 'checked_in' }), after)).toEqual(['complete']);
    expect(actionsFor(booking({ status: 'completed' }), after)).toEqual([]);
    expect(actionsFor(booking({ status: 'cancelled' }), after)).toEqual([]);
  });
});

describe('the day by doctor', () => {
  it('groups by doctor or diagnostic and orders each column by start', () => {
    const late = booking({ id: 'b2', startAt: '2026-12-07T11:00:00+01:00' });
    const early = booking({ id: 'b1', startAt: '2026-12-07T09:00:00+01:00' });
    const scan = booking({ id: 'b3', doctorId: null, diagnosticLocationId: 'dl1' });
    const columns = columnsOf([late, scan, early]);
    expect(columns.map((c) => c.key)).toEqual([
      'doctor:00000000-0000-4000-8000-0000000000d1',
      'diagnostic:dl1',
    ]);
    expect(columns[0]?.bookings.map((b) => b.id)).toEqual(['b1', 'b2']);
  });
  it('replaces a changed booking in place, keeping the name the list gave', () => {
    const list = [booking({ id: 'b1' }), booking({ id: 'b2' })];
    const { patient: _, ...answered } = booking({ id: 'b2', status: 'checked_in', version: 2 });
    const changed = replaceBooking(list, answered);
    expect(changed.map((b) => b.status)).toEqual(['booked', 'checked_in']);
    expect(changed[1]?.patient.fullName).toBe('Ada Example');
  });
});
