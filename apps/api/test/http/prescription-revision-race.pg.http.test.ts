import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prescriptions } from '../../src/db/schema/index.js';
import { makeClinicBooking } from '../support/booking-fixtures.js';
import { createRaceApp, outcome, postJson, type RaceApp } from '../support/http-races.js';
import { prescriptionBody } from '../support/prescription-fixtures.js';

// SECURITY.md items 18 and 23 on a server: concurrent revisions of one prescription, each a
// separate request over its own pooled connection, all naming the same revision. Exactly one
// wins; every other gets 409 `revision-conflict`; the lineage keeps one current revision.

const RACERS = 12;
const ROUNDS = 5;
let race: RaceApp;

beforeAll(async () => {
  race = await createRaceApp();
});
afterAll(() => race.close());

async function prescribed(hoursAgo: number): Promise<string> {
  const { clinic } = race;
  const visit = await makeClinicBooking(
    race.database.db,
    clinic,
    clinic.patientA,
    new Date(Date.UTC(2027, 1, 1) - hoursAgo * 3_600_000),
    { status: 'checked_in' },
  );
  const created = await postJson(
    race,
    clinic.doctorAccount.headers,
    `/bookings/${visit.id}/prescriptions`,
    prescriptionBody(),
  );
  expect(created.status).toBe(201);
  return String(created.body.id);
}

const revision = (n: number) => ({
  revision: 1,
  reason: `racer ${n}`,
  ...prescriptionBody({ dose: `${n + 1} capsules` }),
  validFrom: '2027-03-01',
  validUntil: '2027-04-01',
});

describe('concurrent revisions of one prescription', () => {
  it('lets exactly one of many win, every round; the others get 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await prescribed(round + 1);
      const headers = race.clinic.doctorAccount.headers;
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, n) =>
          n % 3 === 2
            ? postJson(race, headers, `/prescriptions/${id}/status`, {
                revision: 1,
                status: 'on-hold',
                reason: `racer ${n}`,
              })
            : postJson(race, headers, `/prescriptions/${id}/revisions`, revision(n)),
        ),
      );
      const outcomes = answers.map(outcome);
      const won = outcomes.filter((o) => o === '200' || o === '201');
      expect(won, outcomes.join(', ')).toHaveLength(1);
      expect(outcomes.filter((o) => o === '409 revision-conflict')).toHaveLength(RACERS - 1);
      const rows = await race.database.db
        .select()
        .from(prescriptions)
        .where(eq(prescriptions.lineageId, id))
        .orderBy(prescriptions.revision);
      expect(rows.map((r) => [r.revision, r.supersededAt === null])).toEqual([
        [1, false],
        [2, true],
      ]);
      const winner = answers.find((a) => a.status < 300)!;
      expect(winner.body).toMatchObject({ id, revision: 2, reason: rows[1]!.reason });
    }
  });
});
