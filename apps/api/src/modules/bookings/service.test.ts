import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BookingRules } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import type { BookingRow } from '../../db/schema/index.js';
import type { Actor, Identity } from '../../shared/actor.js';
import { Conflict, NotFound, ServiceUnavailable, Unprocessable } from '../../shared/errors.js';
import type { AuditEvent, AuditLog } from '../audit/index.js';
import type { AvailabilityService, Bookable, OfferedSlot } from '../availability/index.js';
import type { PatientScope } from '../patients/index.js';
import { BookingService } from './service.js';
import type { BookingStores, BookingWriteStore } from './stores.js';

// The write path's rules with fakes that conform to the stores' interfaces: who books for whom,
// the cap, holds, constraint and contention answers, one audit event per request. The database
// tiers (create-bookings.http.test.ts, the PostgreSQL race tests) prove the queries and locks.

const NOW = new Date('2026-03-02T08:00:00Z');
const RULES: BookingRules = {
  minNoticeMinutes: 120,
  horizonDays: 90,
  slotAlignmentMinutes: null,
  holdMinutes: 5,
  maxActivePerPatient: 2,
  rateLimitPerMinute: 20,
  idempotencyKeyTtlHours: 24,
};
const DOCTOR: Bookable = {
  id: randomUUID(),
  timeZone: 'Europe/Berlin',
  locationId: randomUUID(),
  slotMinutes: 30,
  capacity: 1,
  price: '80.00',
  currency: 'EUR',
  diagnosticId: null,
};
const SLOT: OfferedSlot = {
  bookable: DOCTOR,
  startAt: new Date('2026-03-03T09:00:00Z'),
  endAt: new Date('2026-03-03T09:30:00Z'),
};
const START = '2026-03-03T10:00:00+01:00';

const patientId = randomUUID();
const patient: Identity = {
  accountId: randomUUID(),
  role: 'patient',
  patientId,
  doctorId: null,
  locationIds: [],
};
const staffElsewhere: Identity = { ...patient, role: 'staff', patientId: null, locationIds: [] };
const as = (identity: Identity): Actor => ({ identity, ip: '127.0.0.1', requestId: 'req-1' });

/** A PostgreSQL error as Drizzle wraps it: SQLSTATE and constraint on `cause`. */
const pgFailure = (code: string, constraint?: string) =>
  Object.assign(new Error('Failed query'), { cause: { code, constraint } });

function setup(options: { active?: number; insertFails?: Error[]; inScope?: boolean } = {}) {
  const calls: string[] = [];
  const inserted: BookingRow[] = [];
  const events: AuditEvent[] = [];
  const insertFailures = [...(options.insertFails ?? [])];
  let transactions = 0;
  const tx = {} as Executor;
  // Only `transaction` is used by the write path; the rest of Database is not needed here.
  const db = {
    transaction: async <T>(work: (t: Executor) => Promise<T>) => {
      transactions++;
      return work(tx);
    },
  } as unknown as Database;
  const writes: BookingWriteStore = {
    lock: async (id, ref) => {
      calls.push(`lock ${id} ${'doctorId' in ref ? ref.doctorId : ref.diagnosticLocationId}`);
    },
    patientErased: async () => false,
    bookableLocation: async () => DOCTOR.locationId,
    releaseExpiredHolds: async () => {
      calls.push('release');
      return 0;
    },
    activeFutureCount: async () => options.active ?? 0,
    takenUnits: async () => [],
    insert: async (values) => {
      const failure = insertFailures.shift();
      if (failure) throw failure;
      calls.push('insert');
      const row = {
        id: randomUUID(),
        doctorId: null,
        diagnosticLocationId: null,
        capacityUnit: null,
        holdExpiresAt: null,
        version: 0,
        createdAt: NOW,
        updatedAt: NOW,
        ...values,
      } as BookingRow;
      inserted.push(row);
      return row;
    },
    confirm: async () => null,
    expireHold: async () => undefined,
    move: async () => null,
  };
  const stores: BookingStores = { writes: () => writes, reads: () => ({ get: async () => null }) };
  const audit = { record: async (_db, _actor, event) => void events.push(event) } as AuditLog;
  const availability = {
    checkSlot: async () => SLOT,
  } as unknown as AvailabilityService; // the write path calls checkSlot only
  const scope = { canAccess: async () => options.inScope ?? true } as unknown as PatientScope;
  const service = new BookingService({
    db,
    audit,
    stores,
    scope,
    availability,
    clock: () => NOW,
    rules: RULES,
  });
  return { service, calls, inserted, events, transactions: () => transactions };
}

describe('BookingService.create', () => {
  it('books for the calling patient at the bookable’s price, locking patient then doctor', async () => {
    const t = setup();
    const booking = await t.service.create(as(patient), { doctorId: DOCTOR.id, startAt: START });
    expect(booking).toMatchObject({ status: 'booked', price: '80.00', currency: 'EUR', patientId });
    expect(t.calls).toEqual([`lock ${patientId} ${DOCTOR.id}`, 'release', 'insert']);
    expect(t.inserted[0]).toMatchObject({ startAt: SLOT.startAt, endAt: SLOT.endAt });
    expect(t.events).toEqual([
      expect.objectContaining({ action: 'booking.create', outcome: 'success' }),
    ]);
  });

  it('holds for the configured minutes', async () => {
    const t = setup();
    await t.service.create(as(patient), { doctorId: DOCTOR.id, startAt: START, hold: true });
    expect(t.inserted[0]).toMatchObject({
      status: 'held',
      holdExpiresAt: new Date(NOW.getTime() + RULES.holdMinutes * 60_000),
    });
    expect(t.events).toEqual([expect.objectContaining({ action: 'booking.hold' })]);
  });

  it('refuses past the per-patient cap and writes nothing', async () => {
    const t = setup({ active: RULES.maxActivePerPatient });
    const err = await t.service
      .create(as(patient), { doctorId: DOCTOR.id, startAt: START })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unprocessable);
    expect(err).toMatchObject({ code: 'too-many-bookings' });
    expect(t.inserted).toEqual([]);
    expect(t.events).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });

  it('refuses a patient naming a patient id: identity comes from the token', async () => {
    const t = setup();
    const err = await t.service
      .create(as(patient), { doctorId: DOCTOR.id, startAt: START, patientId: randomUUID() })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'patient-id-not-allowed' });
    expect(t.inserted).toEqual([]);
  });

  it('answers staff outside the patient’s scope as if the patient did not exist, audited denied', async () => {
    const t = setup({ inScope: false });
    const err = await t.service
      .create(as(staffElsewhere), { doctorId: DOCTOR.id, startAt: START, patientId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFound);
    expect(t.inserted).toEqual([]);
    expect(t.events).toEqual([expect.objectContaining({ outcome: 'denied', patientId })]);
  });

  it('turns the doctor’s exclusion constraint into 409 slot-taken', async () => {
    const t = setup({ insertFails: [pgFailure('23P01', 'bookings_doctor_no_overlap')] });
    const err = await t.service
      .create(as(patient), { doctorId: DOCTOR.id, startAt: START })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect(err).toMatchObject({ code: 'slot-taken' });
    expect(t.events).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });

  it('runs the whole transaction again after a deadlock, leaving one success event', async () => {
    const t = setup({ insertFails: [pgFailure('40P01'), pgFailure('40001')] });
    const booking = await t.service.create(as(patient), { doctorId: DOCTOR.id, startAt: START });
    expect(booking.status).toBe('booked');
    expect(t.transactions()).toBe(3);
    expect(t.events).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });

  it('answers 503 busy once every attempt met contention, with one failure event', async () => {
    const t = setup({ insertFails: [pgFailure('40P01'), pgFailure('40P01'), pgFailure('40P01')] });
    const err = await t.service
      .create(as(patient), { doctorId: DOCTOR.id, startAt: START })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailable);
    expect(err).toMatchObject({ code: 'busy' });
    expect(t.events).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });
});
