import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/db/schema/index.js';
import { seedDemoIfEmpty } from '../../src/seed/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { headersFor } from '../support/identities.js';

// The demo's clinical past, read back through the API as a newcomer would: what a demo patient
// sees in their record, the demo doctor's critical list, a doctor's public ratings.

const PASSWORD = 'tangerine-orbit-cello-71';
const email = (local: string) => `${local}@demo.medsync.example`;

describe('the demo history', () => {
  let t: TestApp;
  let byEmail: Map<string, typeof accounts.$inferSelect>;
  const as = (local: string) => headersFor(t.tokens, byEmail.get(email(local))!);

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoIfEmpty(t.database.db, pino({ level: 'silent' }), PASSWORD);
    byEmail = new Map((await t.database.db.select().from(accounts)).map((a) => [a.email, a]));
  });
  afterAll(() => t.close());

  it('gives each demo patient a record with notes, prescriptions, released reports and a document', async () => {
    for (const local of ['patient1', 'patient2']) {
      const patientId = byEmail.get(email(local))!.patientId!;
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/patients/${patientId}/record`,
        headers: await as(local),
      });
      expect(res.statusCode).toBe(200);
      const record = res.json();
      expect(record.visitNotes.length).toBeGreaterThanOrEqual(2);
      for (const note of record.visitNotes) {
        expect(note.diagnoses[0].code).toMatch(/^[A-Z]\d\d(\.\d{1,2})?$/);
      }
      expect(record.prescriptions.length).toBeGreaterThanOrEqual(1);
      expect(record.reports.length).toBeGreaterThanOrEqual(1);
      expect(record.reports.every((r: { releasedAt: string | null }) => r.releasedAt)).toBe(true);
      expect(record.reports.map((r: { status: string }) => r.status)).not.toContain('preliminary');
    }
    const alex = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${byEmail.get(email('patient1'))!.patientId}/record`,
      headers: await as('patient1'),
    });
    const { reports, prescriptions } = alex.json();
    const flags = reports.flatMap((r: { observations: { interpretation: string | null }[] }) =>
      r.observations.map((o) => o.interpretation),
    );
    expect(flags).toEqual(expect.arrayContaining(['N', 'L', 'H']));
    expect(reports.map((r: { title: string }) => r.title)).not.toContain('Lipid panel');
    expect(reports.map((r: { status: string }) => r.status)).toContain('amended');
    expect(reports.flatMap((r: { documents: unknown[] }) => r.documents)).toEqual([
      expect.objectContaining({ contentType: 'application/pdf' }),
    ]);
    expect(new Set(prescriptions.map((p: { status: string }) => p.status))).toEqual(
      new Set(['active', 'completed']),
    );
    expect(
      prescriptions.some(
        (p: { revision: number; reason: string | null }) => p.revision > 1 && p.reason,
      ),
    ).toBe(true);

    const sam = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${byEmail.get(email('patient2'))!.patientId}/record`,
      headers: await as('patient2'),
    });
    const samFlags = sam
      .json()
      .reports.flatMap((r: { observations: { interpretation: string | null }[] }) =>
        r.observations.map((o) => o.interpretation),
      );
    expect(samFlags).toContain('HH');
  });

  it('shows staff the report still in review', async () => {
    const patientId = byEmail.get(email('patient1'))!.patientId!;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patientId}/results`,
      headers: await as('staff'),
    });
    expect(res.statusCode).toBe(200);
    const titles = res
      .json()
      .items.map((r: { title: string; releasedAt: string | null }) => [
        r.title,
        r.releasedAt === null,
      ]);
    expect(titles).toContainEqual(['Lipid panel', true]);
  });

  it("lists the unacknowledged critical potassium on the demo doctor's critical list", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/critical-results',
      headers: await as('doctor'),
    });
    expect(res.statusCode).toBe(200);
    const [critical, ...rest] = res.json().items;
    expect(rest).toEqual([]);
    expect(critical.criticalAcknowledgedAt).toBeNull();
    expect(critical.observations).toContainEqual(
      expect.objectContaining({ loincCode: '2823-3', interpretation: 'HH' }),
    );
  });

  it("lists the demo doctor's ratings, verified and imported, a hidden comment left out", async () => {
    const doctorId = byEmail.get(email('doctor'))!.doctorId!;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/doctors/${doctorId}/ratings` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      source: string;
      comment: string | null;
      commentHidden: boolean;
    }[];
    expect(new Set(items.map((r) => r.source))).toEqual(new Set(['verified', 'imported']));
    expect(items.some((r) => r.comment)).toBe(true);
    expect(items.filter((r) => r.commentHidden)).toEqual([
      expect.objectContaining({ comment: null }),
    ]);
  });
});
