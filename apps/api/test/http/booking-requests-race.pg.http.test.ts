import type { BookingView } from '@medsync/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings } from '../../src/db/schema/index.js';
import {
  type Clinic,
  makePatientAccount,
  type PatientAccount,
  slotAt,
} from '../support/booking-fixtures.js';
import {
  type Answer,
  createRaceApp,
  outcome,
  postJson,
  type RaceApp,
} from '../support/http-races.js';

// Server only: many requests at once for one slot or one booking, over real HTTP; exactly one
// wins each race, and the database agrees with the answers.

const CONTENDERS = 50;
const ROUNDS = 5;
const ACTIVE = ['held', 'booked', 'checked_in', 'completed'];

let t: RaceApp;
let clinic: Clinic;
let patients: PatientAccount[];

beforeAll(async () => {
  t = await createRaceApp();
  clinic = t.clinic;
  patients = [];
  for (let i = 0; i < CONTENDERS; i++) {
    patients.push(await makePatientAccount(t.database.db, t.tokens, clinic.location.id));
  }
});
afterAll(() => t.close());

const call = (account: { headers: { authorization: string } }, path: string, payload: object) =>
  postJson(t, account.headers, path, payload);

const book = (account: PatientAccount, payload: object) => call(account, '/bookings', payload);

/** Statuses with their problem codes, sorted: `['201', '409 slot-taken', …]`. */
const outcomes = (answers: Answer[]) => answers.map(outcome).sort();

const activeAt = (column: 'doctorId' | 'diagnosticLocationId', id: string, startAt: string) =>
  t.database.db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings[column], id),
        eq(bookings.startAt, new Date(startAt)),
        inArray(bookings.status, ACTIVE),
      ),
    );

/** A fresh booking of `patient` with the doctor, as the client would have read it. */
async function bookedFor(patient: PatientAccount, startAt: string): Promise<BookingView> {
  const answer = await book(patient, { doctorId: clinic.doctor.id, startAt });
  expect(answer.status).toBe(201);
  return answer.body as unknown as BookingView;
}

describe('concurrent bookings over HTTP', () => {
  it(`${CONTENDERS} patients booking one doctor slot: one 201, the rest 409 slot-taken, ${ROUNDS} rounds`, async () => {
    const starts: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const startAt = slotAt(clinic, 1 + round, '09:00');
      starts.push(startAt);
      const answers = await Promise.all(
        patients.map((patient) => book(patient, { doctorId: clinic.doctor.id, startAt })),
      );
      expect(outcomes(answers)).toEqual([
        '201',
        ...Array<string>(CONTENDERS - 1).fill('409 slot-taken'),
      ]);
      const winner = answers.find((a) => a.status === 201)!.body as unknown as BookingView;
      const active = await activeAt('doctorId', clinic.doctor.id, startAt);
      expect(active.map((r) => r.id)).toEqual([winner.id]);
    }
    // Nothing else was written for this doctor: one active booking per raced slot.
    const all = await t.database.db
      .select()
      .from(bookings)
      .where(eq(bookings.doctorId, clinic.doctor.id));
    expect(all).toHaveLength(ROUNDS);
    expect(all.map((r) => r.startAt.getTime()).sort()).toEqual(
      starts.map((s) => Date.parse(s)).sort(),
    );
  });

  it('20 patients booking one slot of a capacity-2 diagnostic: two 201 on different units', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const startAt = slotAt(clinic, 1 + round, '11:00');
      const answers = await Promise.all(
        patients
          .slice(0, 20)
          .map((patient) => book(patient, { diagnosticLocationId: clinic.scanner.id, startAt })),
      );
      expect(outcomes(answers)).toEqual([
        '201',
        '201',
        ...Array<string>(18).fill('409 slot-taken'),
      ]);
      const winners = answers.filter((a) => a.status === 201).map((a) => a.body.id);
      const active = await activeAt('diagnosticLocationId', clinic.scanner.id, startAt);
      expect(active.map((r) => r.id).sort()).toEqual([...winners].sort());
      expect(active.map((r) => r.capacityUnit).sort()).toEqual([1, 2]);
    }
  });
});

describe('concurrent changes of one booking over HTTP', () => {
  it('two cancels at once: one 200, one 409 version-conflict; cancelled once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const patient = patients[round]!;
      const booking = await bookedFor(patient, slotAt(clinic, 1 + round, '14:00'));
      const answers = await Promise.all(
        [1, 2].map(() =>
          call(patient, `/bookings/${booking.id}/cancel`, { version: booking.version }),
        ),
      );
      expect(outcomes(answers)).toEqual(['200', '409 version-conflict']);
      const [row] = await t.database.db.select().from(bookings).where(eq(bookings.id, booking.id));
      expect(row).toMatchObject({ status: 'cancelled', version: booking.version + 1 });
    }
  });

  it('two reschedules at once to two free slots: one 200, one 409; the booking is at one', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const patient = patients[round]!;
      const booking = await bookedFor(patient, slotAt(clinic, 1 + round, '15:00'));
      const targets = [slotAt(clinic, 1 + round, '16:00'), slotAt(clinic, 1 + round, '16:30')];
      const answers = await Promise.all(
        targets.map((startAt) =>
          call(patient, `/bookings/${booking.id}/reschedule`, {
            version: booking.version,
            startAt,
          }),
        ),
      );
      expect(outcomes(answers)).toEqual(['200', '409 version-conflict']);
      const moved = answers.find((a) => a.status === 200)!.body as unknown as BookingView;
      const [row] = await t.database.db.select().from(bookings).where(eq(bookings.id, booking.id));
      expect(row!.startAt.getTime()).toBe(Date.parse(moved.startAt));
      expect(row).toMatchObject({ status: 'booked', version: booking.version + 1 });
      expect(targets.map(Date.parse)).toContain(row!.startAt.getTime());
      // Exactly one of the two targets is taken (by this booking), and the old slot is free.
      const taken = await Promise.all(
        [...targets, booking.startAt].map((s) => activeAt('doctorId', clinic.doctor.id, s)),
      );
      expect(taken.map((rows) => rows.map((r) => r.id))).toEqual(
        targets
          .map((s) => (Date.parse(s) === Date.parse(moved.startAt) ? [booking.id] : []))
          .concat([[]]),
      );
    }
  });
});
