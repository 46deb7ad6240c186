import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, body, createTestApp, type TestApp } from '../../../test/support/app.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { auditEvents } from '../../db/schema/index.js';
import type { Actor, Role } from '../../shared/actor.js';
import { newId } from '../../shared/ids.js';
import { AuditLog } from './audit-log.js';

// SECURITY.md item 11: a patient lists who accessed their record, and only theirs (item 8);
// reading that list is itself audited (item 9).

interface Entry {
  occurredAt: string;
  actorRole: string | null;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const URL = '/api/v1/me/access-log';
const audit = new AuditLog();

let t: TestApp;
let doctor: TestAccount;
beforeAll(async () => {
  t = await createTestApp();
  doctor = await makeAccount(t.database.db, t.tokens, 'doctor');
});
afterAll(() => t.close());

const newPatient = () => makeAccount(t.database.db, t.tokens, 'patient');
const patientIdOf = (patient: TestAccount) => patient.account.patientId!;

const actorFor = (account: TestAccount): Actor => ({
  identity: {
    accountId: account.account.id,
    role: account.account.role as Role,
    patientId: account.account.patientId,
    doctorId: account.account.doctorId,
    locationIds: [],
  },
  ip: '203.0.113.9',
  requestId: 'req-access-log',
});

/** Events about `patient` by the test doctor, oldest first, one per action. */
async function eventsAbout(patient: TestAccount, actions: string[]): Promise<void> {
  for (const action of actions) {
    await audit.record(t.database.db, actorFor(doctor), {
      action,
      resourceType: 'patient',
      resourceId: patientIdOf(patient),
      patientId: patientIdOf(patient),
      outcome: 'success',
    });
  }
}

const everyEntry = (patient: TestAccount, limit: number): Promise<Entry[]> =>
  allPages<Entry>(t.app, `${URL}?limit=${limit}`, {
    headers: patient.headers,
    check: (_page, response) => expect(response.statusCode).toBe(200),
  });

const readsOf = async (patient: TestAccount) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.patientId, patientIdOf(patient)),
        eq(auditEvents.action, 'access-log.read'),
      ),
    );

describe('GET /me/access-log', () => {
  it('lists who did what with the caller’s record, newest first, and nobody else’s', async () => {
    const [alice, bob] = [await newPatient(), await newPatient()];
    await eventsAbout(alice, ['patient.read', 'patient.update', 'prescription.read']);
    await eventsAbout(bob, ['patient.delete']);
    const response = await t.app.inject({ url: URL, headers: alice.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const page = body<Page>(response);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((e) => e.action)).toEqual([
      'prescription.read',
      'patient.update',
      'patient.read',
    ]);
    expect(page.items[0]).toEqual({
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      actorRole: 'doctor',
      actorId: doctor.account.id,
      action: 'prescription.read',
      resourceType: 'patient',
      resourceId: patientIdOf(alice),
      outcome: 'success',
    });
    const bobs = body<Page>(await t.app.inject({ url: URL, headers: bob.headers }));
    expect(bobs.items.map((e) => e.action)).toEqual(['patient.delete']);
  });

  it('pages through every event once with the cursor', async () => {
    const carol = await newPatient();
    const actions = Array.from({ length: 7 }, (_, i) => `record.read-${i}`);
    await eventsAbout(carol, actions);
    const listed = await everyEntry(carol, 3);
    expect(listed.map((e) => e.action)).toEqual([...actions].reverse());
    // The three page reads come next time, newest first, attributed to carol herself.
    const next = await everyEntry(carol, 100);
    expect(next.slice(0, 3).map((e) => [e.action, e.actorId])).toEqual(
      Array(3).fill(['access-log.read', carol.account.id]),
    );
  });

  it('pages through events sharing one microsecond-precise time, in id order', async () => {
    const heidi = await newPatient();
    const ids = Array.from({ length: 5 }, () => newId());
    await t.database.db.insert(auditEvents).values(
      ids.map((id, i) => ({
        id,
        occurredAt: sql`'2025-03-01T10:00:00.000001Z'::timestamptz`,
        action: `tied.read-${i}`,
        resourceType: 'patient',
        patientId: patientIdOf(heidi),
        outcome: 'success',
      })),
    );
    const listed = await everyEntry(heidi, 2);
    expect(listed.map((e) => e.action)).toEqual([4, 3, 2, 1, 0].map((i) => `tied.read-${i}`));
  });

  it('records exactly one access-log.read event per call, even an empty one', async () => {
    const dave = await newPatient();
    await t.app.inject({ url: URL, headers: dave.headers });
    const reads = await readsOf(dave);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorId: dave.account.id,
      actorRole: 'patient',
      resourceType: 'access-log',
      resourceId: patientIdOf(dave),
      outcome: 'success',
    });
    await everyEntry(dave, 1);
    expect(await readsOf(dave)).toHaveLength(2);
  });

  it('names the workforce who accessed the record, but not another patient who tried', async () => {
    const [grace, mallory] = [await newPatient(), await newPatient()];
    await audit.record(t.database.db, actorFor(mallory), {
      action: 'patient.read',
      resourceType: 'patient',
      resourceId: patientIdOf(grace),
      patientId: patientIdOf(grace),
      outcome: 'denied',
    });
    await eventsAbout(grace, ['patient.read']);
    const page = body<Page>(await t.app.inject({ url: URL, headers: grace.headers }));
    expect(page.items.map((e) => [e.actorRole, e.actorId, e.outcome])).toEqual([
      ['doctor', doctor.account.id, 'success'],
      ['patient', null, 'denied'],
    ]);
  });

  it('refuses a patientId parameter instead of widening the scope', async () => {
    const [erin, frank] = [await newPatient(), await newPatient()];
    await eventsAbout(frank, ['patient.read']);
    const response = await t.app.inject({
      url: `${URL}?patientId=${patientIdOf(frank)}`,
      headers: erin.headers,
    });
    expect(response.statusCode).toBe(400);
    expect(body<{ errors: { path: string }[] }>(response).errors).toEqual([
      expect.objectContaining({ path: '/query/patientId' }),
    ]);
  });

  it('refuses a forged cursor and a limit above 100', async () => {
    const grace = await newPatient();
    const forged = (value: string | null) =>
      Buffer.from(JSON.stringify(['newest', value, doctor.account.id])).toString('base64url');
    for (const query of [`cursor=${forged('yesterday')}`, `cursor=${forged(null)}`, 'limit=101']) {
      const response = await t.app.inject({ url: `${URL}?${query}`, headers: grace.headers });
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('answers 401 without credentials and 403 to every role but patient', async () => {
    expect((await t.app.inject({ url: URL })).statusCode).toBe(401);
    for (const role of ['doctor', 'staff', 'admin'] as const) {
      const account = await makeAccount(t.database.db, t.tokens, role);
      const response = await t.app.inject({ url: URL, headers: account.headers });
      expect(response.statusCode, role).toBe(403);
    }
  });
});
