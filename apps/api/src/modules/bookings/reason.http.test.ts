import { Writable } from 'node:stream';
import type { BookingView } from '@medsync/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, expectProblem, JWT_SECRET } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  bookingRow,
  type Clinic,
  injectAudited,
  makeClinic,
  slotAt,
} from '../../../test/support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { AccessTokens } from '../auth/tokens.js';

// The patient's reason for the visit: given when booking or holding, bounded, trimmed, kept
// through confirm and reschedule, shown to whoever may see the booking, and never logged. The
// app logs at `trace` into a buffer here, so that the last test can search every line.

const REASON = 'Recurring headaches after the night shifts, worse in the morning';
const lines: string[] = [];
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let clinic: Clinic;
let otherDoctor: TestAccount;
const t = {
  get app() {
    return app;
  },
  get database() {
    return database;
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ JWT_SECRET, BOOKING_RATE_LIMIT_PER_MINUTE: '10000' });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({
    config,
    database,
    logger: pino({ level: 'trace' }, sink),
    clock: () => BOOKING_NOW,
  });
  await app.ready();
  const tokens = new AccessTokens(config.auth);
  clinic = await makeClinic(database.db, tokens);
  otherDoctor = await makeAccount(database.db, tokens, 'doctor');
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

type Caller = { headers: { authorization: string } };
const book = (who: Caller, payload: object) =>
  injectAudited(t, { method: 'POST', url: '/api/v1/bookings', headers: who.headers, payload });
const get = (who: Caller, id: string) =>
  app.inject({ url: `/api/v1/bookings/${id}`, headers: who.headers });

describe('the reason for a visit', () => {
  it('is kept with a booking, trimmed, and shown to the patient, the doctor and the staff', async () => {
    const { response, events } = await book(clinic.patientA, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 1, '09:00'),
      reason: `  ${REASON}\n`,
    });
    expect(response.statusCode).toBe(201);
    const booking = body<BookingView>(response);
    expect(booking.reason).toBe(REASON);
    expect((await bookingRow(t, booking.id)).reason).toBe(REASON);
    expect(events).toMatchObject([{ action: 'booking.create', outcome: 'success' }]);
    for (const who of [clinic.patientA, clinic.doctorAccount, clinic.staff]) {
      const read = await get(who, booking.id);
      expect(read.statusCode).toBe(200);
      expect(body<BookingView>(read).reason).toBe(REASON);
    }
    const listed = await app.inject({
      url: `/api/v1/locations/${clinic.location.id}/bookings?date=${slotAt(clinic, 1, '00:00').slice(0, 10)}`,
      headers: clinic.staff.headers,
    });
    expect(body<{ items: BookingView[] }>(listed).items.map((b) => b.reason)).toContain(REASON);
  });

  it('is nobody else’s to read: another patient, another doctor, other staff get 404', async () => {
    const { response } = await book(clinic.patientA, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 1, '10:00'),
      reason: REASON,
    });
    const { id } = body<BookingView>(response);
    for (const who of [clinic.patientB, otherDoctor, clinic.staffElsewhere]) {
      const read = await get(who, id);
      expectProblem(read, 404);
      expect(read.body).not.toContain(REASON);
    }
  });

  it('is given when holding, and survives confirming and rescheduling', async () => {
    const { response } = await book(clinic.patientA, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 2, '09:00'),
      hold: true,
      reason: REASON,
    });
    expect(response.statusCode).toBe(201);
    const held = body<BookingView>(response);
    expect(held).toMatchObject({ status: 'held', reason: REASON });
    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.id}/confirm`,
      headers: clinic.patientA.headers,
      payload: { version: held.version },
    });
    expect(body<BookingView>(confirmed)).toMatchObject({ status: 'booked', reason: REASON });
    const moved = await app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.id}/reschedule`,
      headers: clinic.patientA.headers,
      payload: { version: held.version + 1, startAt: slotAt(clinic, 2, '11:00') },
    });
    expect(moved.statusCode).toBe(200);
    expect(body<BookingView>(moved)).toMatchObject({
      startAt: slotAt(clinic, 2, '11:00'),
      reason: REASON,
    });
  });

  it('is optional, and an empty or blank one is none', async () => {
    for (const [time, reason] of [
      ['13:00', undefined],
      ['14:00', ''],
      ['15:00', ' \n\t '],
    ] as const) {
      const { response } = await book(clinic.patientA, {
        doctorId: clinic.doctor.id,
        startAt: slotAt(clinic, 3, time),
        ...(reason === undefined ? {} : { reason }),
      });
      expect(response.statusCode).toBe(201);
      expect(body<BookingView>(response).reason).toBeNull();
    }
  });

  it('is bounded: 1000 characters are fine, 1001 or a NUL a 400 naming the field, nothing written', async () => {
    const { response: fits } = await book(clinic.patientA, {
      doctorId: clinic.doctor.id,
      startAt: slotAt(clinic, 4, '09:00'),
      reason: 'é'.repeat(1000),
    });
    expect(fits.statusCode).toBe(201);
    for (const reason of ['x'.repeat(1001), 'before\u0000after']) {
      const { response, events } = await book(clinic.patientA, {
        doctorId: clinic.doctor.id,
        startAt: slotAt(clinic, 4, '10:00'),
        reason,
      });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/body/reason' })]);
      expect(events).toEqual([]);
    }
    const day = await app.inject({
      url: `/api/v1/patients/${clinic.patientA.patient.id}/bookings?from=${encodeURIComponent(slotAt(clinic, 4, '10:00'))}&to=${encodeURIComponent(slotAt(clinic, 4, '10:30'))}`,
      headers: clinic.patientA.headers,
    });
    expect(body<{ items: BookingView[] }>(day).items).toEqual([]);
  });

  it('never reaches the log', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => line.includes('headaches'))).toEqual([]);
  });
});
