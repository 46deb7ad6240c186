import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import {
  BOOKING_NOW,
  type Clinic,
  makeClinic,
  slotAt,
} from '../../../test/support/booking-fixtures.js';

// Booking creation is throttled per account: BOOKING_RATE_LIMIT_PER_MINUTE requests a minute,
// then 429 with Retry-After. Another account keeps its own allowance.

const LIMIT = 2;
let t: TestApp;
let clinic: Clinic;
beforeAll(async () => {
  t = await createTestApp({
    env: { BOOKING_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    clock: () => BOOKING_NOW,
  });
  clinic = await makeClinic(t.database.db, t.tokens);
});
afterAll(() => t.close());

const post = (headers: { authorization: string }, time: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers,
    payload: { doctorId: clinic.doctor.id, startAt: slotAt(clinic, 1, time) },
  });

describe('the booking rate limit', () => {
  it('answers 429 with Retry-After past the limit, per account', async () => {
    const { patientA, patientB } = clinic;
    expect((await post(patientA.headers, '09:00')).statusCode).toBe(201);
    expect((await post(patientA.headers, '10:00')).statusCode).toBe(201);
    const throttled = await post(patientA.headers, '11:00');
    expectProblem(throttled, 429, 'rate-limited');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await post(patientB.headers, '11:00')).statusCode).toBe(201);
  });
});
