import type { BookingView } from '@medsync/contracts';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
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

// Server only: random interleavings of book, hold, confirm, cancel and reschedule by several
// clients (three patients and the location's staff) over a few slots of one doctor and of a
// capacity-2 diagnostic. Each run is a list of batches; a batch's operations are sent at once
// over real HTTP, the next batch starts when all answered. After every run the database must
// hold no overlap, every answer must be one the operation may give, and every booking must be
// in the state its successful answers put it in (no lost or phantom change).

const RUNS = 25;
const DOCTOR_SLOTS = ['09:00', '09:30', '10:00'];
const SCANNER_SLOTS = ['09:00', '09:30'];
type Bookable = 'doctor' | 'scanner';

type Op =
  | {
      kind: 'book';
      client: number;
      /** For staff: whom they book for. */
      patient: number;
      bookable: Bookable;
      slot: number;
      hold: boolean;
      /** An Idempotency-Key from a small set, so that keys are replayed and reused. */
      key: string | null;
    }
  | { kind: 'confirm' | 'cancel'; by: Changer; target: number; stale: boolean }
  | { kind: 'reschedule'; by: Changer; target: number; slot: number; stale: boolean };

/** Who changes a booking: the patient it is for, the staff, or another patient (404). */
type Changer = 'owner' | 'staff' | 'other';

let t: RaceApp;
let clinic: Clinic;
let patients: PatientAccount[];
/** Patients 0–2 call as themselves; client 3 is the location's staff. */
let clients: { headers: { authorization: string } }[];
const STAFF = 3;

beforeAll(async () => {
  t = await createRaceApp();
  clinic = t.clinic;
  patients = [
    clinic.patientA,
    clinic.patientB,
    await makePatientAccount(t.database.db, t.tokens, clinic.location.id),
  ];
  clients = [...patients, clinic.staff];
});
afterAll(() => t.close());

const target = fc.nat({ max: 20 });
const client = fc.nat({ max: STAFF });
const by = fc.constantFrom<Changer>('owner', 'owner', 'staff', 'other');
/** Now and then a change names the version before the latest one known. */
const stale = fc.nat({ max: 4 }).map((n) => n === 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      client,
      patient: fc.nat({ max: 2 }),
      bookable: fc.constantFrom<Bookable>('doctor', 'scanner'),
      slot: fc.nat({ max: DOCTOR_SLOTS.length - 1 }),
      hold: fc.boolean(),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { freq: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('confirm' as const, 'cancel' as const),
      by,
      target,
      stale,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      by,
      target,
      slot: fc.nat({ max: DOCTOR_SLOTS.length - 1 }),
      stale,
    }),
  },
);
const runArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), {
  minLength: 2,
  maxLength: 6,
});

const call = (
  caller: number,
  path: string,
  payload: object,
  headers: Record<string, string> = {},
) => postJson(t, { ...clients[caller]!.headers, ...headers }, path, payload);

/** What the client knows of a booking: its owner, its bookable, its latest answer. */
interface Known {
  patient: number;
  bookable: Bookable;
  latest: BookingView;
}

const slotOf = (bookable: Bookable, slot: number) => {
  const times = bookable === 'doctor' ? DOCTOR_SLOTS : SCANNER_SLOTS;
  return slotAt(clinic, 1, times[slot % times.length]!);
};

/** The answers an operation may give, given who calls: `['201', '409 slot-taken', …]`. */
function allowed(op: Op): string[] {
  if (op.kind === 'book') {
    const base = ['201', '409 slot-taken', '409 patient-overlap'];
    return op.key === null
      ? base
      : [...base, '409 idempotency-key-in-flight', '422 idempotency-key-reused'];
  }
  if (op.by === 'other') return ['404 not-found'];
  const changes = { confirm: ['not-held'], cancel: ['invalid-transition'] } as const;
  const reasons =
    op.kind === 'reschedule'
      ? ['not-booked', 'slot-taken', 'patient-overlap']
      : [...changes[op.kind]];
  return ['200', '409 version-conflict', ...reasons.map((r) => `409 ${r}`)];
}

interface Run {
  known: Map<string, Known>;
  /** Successful changes (200) per booking: each bumps its version once. */
  changes: Map<string, number>;
  unexpected: string[];
}

const changer = (by: Changer, owner: number) =>
  by === 'staff' ? STAFF : by === 'owner' ? owner : (owner + 1) % patients.length;

async function execute(op: Op, run: Run, order: string[], runNo: number): Promise<void> {
  let answer: Answer;
  if (op.kind === 'book') {
    const patient = op.client === STAFF ? op.patient : op.client;
    const bookable =
      op.bookable === 'doctor'
        ? { doctorId: clinic.doctor.id }
        : { diagnosticLocationId: clinic.scanner.id };
    answer = await call(
      op.client,
      '/bookings',
      {
        ...bookable,
        startAt: slotOf(op.bookable, op.slot),
        hold: op.hold,
        ...(op.client === STAFF ? { patientId: patients[patient]!.patient.id } : {}),
      },
      op.key === null ? {} : { 'idempotency-key': `run${runNo}-${op.key}` },
    );
    if (answer.status === 201) {
      const booking = answer.body as unknown as BookingView;
      if (!run.known.has(booking.id)) order.push(booking.id);
      const previous = run.known.get(booking.id);
      if (!previous || previous.latest.version <= booking.version) {
        run.known.set(booking.id, { patient, bookable: op.bookable, latest: booking });
      }
    }
  } else {
    if (order.length === 0) return;
    const id = order[op.target % order.length]!;
    const known = run.known.get(id)!;
    const caller = changer(op.by, known.patient);
    const version = Math.max(0, known.latest.version - (op.stale ? 1 : 0));
    answer =
      op.kind === 'reschedule'
        ? await call(caller, `/bookings/${id}/reschedule`, {
            version,
            startAt: slotOf(known.bookable, op.slot),
          })
        : await call(caller, `/bookings/${id}/${op.kind}`, { version });
    if (answer.status === 200) {
      run.changes.set(id, (run.changes.get(id) ?? 0) + 1);
      const booking = answer.body as unknown as BookingView;
      const latest = run.known.get(id)!;
      if (latest.latest.version < booking.version) latest.latest = booking;
    }
  }
  if (!allowed(op).includes(outcome(answer))) {
    run.unexpected.push(`${JSON.stringify(op)} → ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** Pairs of active bookings that overlap for one doctor, one patient, or one diagnostic unit. */
async function overlaps(): Promise<unknown[]> {
  const result = await t.database.db.execute(sql`
    select a.id as a, b.id as b,
      case when a.doctor_id = b.doctor_id then 'doctor'
           when a.patient_id = b.patient_id then 'patient' else 'diagnostic unit' end as what
    from bookings a join bookings b on a.id < b.id
      and tstzrange(a.start_at, a.end_at, '[)') && tstzrange(b.start_at, b.end_at, '[)')
      and (a.doctor_id = b.doctor_id or a.patient_id = b.patient_id
           or (a.diagnostic_location_id = b.diagnostic_location_id
               and a.capacity_unit = b.capacity_unit))
    where a.status in ('held', 'booked', 'checked_in', 'completed')
      and b.status in ('held', 'booked', 'checked_in', 'completed')`);
  return [...(result as Iterable<unknown>)];
}

describe('random concurrent booking operations', () => {
  it(`leave no overlap, give only expected answers and lose no change (${RUNS} runs)`, async () => {
    let runNo = 0;
    await fc.assert(
      fc.asyncProperty(runArb, async (batches) => {
        runNo++;
        await t.database.db.delete(bookings);
        const run: Run = { known: new Map(), changes: new Map(), unexpected: [] };
        const order: string[] = [];
        for (const batch of batches) {
          await Promise.all(batch.map((op) => execute(op, run, order, runNo)));
        }
        expect(run.unexpected).toEqual([]);
        expect(await overlaps()).toEqual([]);
        const rows = await t.database.db.select().from(bookings);
        expect(rows.map((r) => r.id).sort()).toEqual([...run.known.keys()].sort());
        for (const row of rows) {
          const { latest } = run.known.get(row.id)!;
          expect(row.version).toBe(run.changes.get(row.id) ?? 0);
          expect(row.status).toBe(latest.status);
          expect(row.startAt.getTime()).toBe(Date.parse(latest.startAt));
        }
      }),
      // Concurrency makes a failing case hard to replay: report it as found, unshrunk.
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
