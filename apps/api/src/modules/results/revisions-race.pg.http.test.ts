import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  createRaceApp,
  outcome,
  postJson,
  type RaceApp,
} from '../../../test/support/http-races.js';
import { finalReport, makeLabBooking } from '../../../test/support/result-fixtures.js';
import { diagnosticReports } from '../../db/schema/index.js';

// Server only: many revisions (and a release) of one report at once, over real HTTP. Exactly one
// wins each race; the others get 409 `revision-conflict`, and the lineage keeps one current row.

const CONTENDERS = 20;
const ROUNDS = 3;

let t: RaceApp;
beforeAll(async () => {
  t = await createRaceApp();
});
afterAll(() => t.close());

let slot = 0;
async function report(): Promise<string> {
  const start = new Date(Date.UTC(2027, 1, 1, 8) - slot++ * 3_600_000);
  const lab = await makeLabBooking(t.database.db, t.clinic, t.clinic.patientA, start);
  const created = await postJson(
    t,
    t.clinic.staff.headers,
    `/bookings/${lab.id}/results`,
    finalReport(),
  );
  expect(created.status).toBe(201);
  return String(created.body.id);
}

const revise = (id: string, n: number) =>
  postJson(t, t.clinic.staff.headers, `/results/${id}/revisions`, {
    ...finalReport(String(n)),
    revision: 1,
    status: 'final',
    reason: `Contender ${n}`,
  });

const currentRows = (id: string) =>
  t.database.db
    .select()
    .from(diagnosticReports)
    .where(and(eq(diagnosticReports.lineageId, id), isNull(diagnosticReports.supersededAt)));

describe('concurrent revisions of one report', () => {
  it('let exactly one win; the others get 409 revision-conflict', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await report();
      const answers: Answer[] = await Promise.all(
        Array.from({ length: CONTENDERS }, (_, n) => revise(id, n + 1)),
      );
      const outcomes = answers.map(outcome).sort();
      expect(outcomes).toEqual([
        '201',
        ...Array.from({ length: CONTENDERS - 1 }, () => '409 revision-conflict'),
      ]);
      const rows = await currentRows(id);
      expect(rows.map((r) => r.revision)).toEqual([2]);
      const winner = answers.find((a) => a.status === 201)!;
      expect(rows[0]!.revisionReason).toBe(winner.body.revisionReason);
    }
  });

  it('never loses a release to a revision written at the same moment', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await report();
      const [released, revised] = await Promise.all([
        postJson(t, t.clinic.staff.headers, `/results/${id}/release`, { revision: 1 }),
        revise(id, 1),
      ]);
      // One wins; the other is refused: a stale revision, or (after the release) a status a
      // released report cannot take.
      expect([outcome(released), outcome(revised)].filter((o) => o.startsWith('409'))).toHaveLength(
        1,
      );
      expect([released.status, revised.status].filter((s) => s < 300)).toHaveLength(1);
      const [current] = await currentRows(id);
      // Whichever won, the current revision is consistent with the answers.
      expect(current!.releasedAt !== null).toBe(released.status === 200);
    }
  });
});
