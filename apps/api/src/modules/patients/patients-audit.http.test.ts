import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { makeLocation, makePatient } from '../../../test/support/factories.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { accounts, auditEvents, type PatientRow, patients } from '../../db/schema/index.js';

// Item 9 of SECURITY.md: each request on patient data (or accounts) leaves exactly one audit
// event, and a write that rolls back leaves no success event behind.

const REFUSED_NAME = 'Refused At Commit';
const REFUSED_EMAIL = 'refused-at-commit@example.test';

let t: TestApp;
let a: PatientRow;
let asA: TestAccount;
let asB: TestAccount;
let staff: TestAccount;
let locationId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  locationId = (await makeLocation(db)).id;
  a = await makePatient(db, { registeredAtLocationId: locationId });
  asA = await makeAccount(db, t.tokens, 'patient', { patientId: a.id });
  asB = await makeAccount(db, t.tokens, 'patient');
  staff = await makeAccount(db, t.tokens, 'staff', { locationIds: [locationId] });
  // Refuses marked rows only when the transaction commits: after the service's audit insert,
  // so the rollback is what must remove the success event.
  await db.execute(sql`
    CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (TG_TABLE_NAME = 'patients' AND NEW.full_name = ${sql.raw(`'${REFUSED_NAME}'`)})
         OR (TG_TABLE_NAME = 'accounts' AND NEW.email = ${sql.raw(`'${REFUSED_EMAIL}'`)}) THEN
        RAISE EXCEPTION 'refused by the test';
      END IF;
      RETURN NULL;
    END $$`);
  for (const table of ['patients', 'accounts']) {
    await db.execute(
      sql.raw(`CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT OR UPDATE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`),
    );
  }
});
afterAll(() => t.close());

const totalEvents = async () =>
  (await t.database.db.select({ n: count() }).from(auditEvents))[0]!.n;

/** Calls with a known request id; returns the status and the events recorded under that id. */
async function audited(options: InjectOptions) {
  const requestId = randomUUID();
  const before = await totalEvents();
  const response = await t.app.inject({
    ...options,
    headers: { ...options.headers, 'x-request-id': requestId },
  });
  const events = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.correlationId, requestId));
  // The client's id is only a correlation: the trail's request id is the server's own.
  for (const event of events) expect(event.requestId).toBe(response.headers['x-request-id']);
  return { status: response.statusCode, events, added: (await totalEvents()) - before };
}

const profile = { fullName: 'Audit Trail', dateOfBirth: '1970-01-01', sex: 'male' };

/** Name, request, expected status and the one event it must leave. */
function requests(): [string, InjectOptions, number, object][] {
  const missing = randomUUID();
  return [
    [
      'me',
      { url: '/api/v1/me', headers: asA.headers },
      200,
      { action: 'patient.read', outcome: 'success', patientId: a.id },
    ],
    [
      'read own',
      { url: `/api/v1/patients/${a.id}`, headers: asA.headers },
      200,
      { action: 'patient.read', outcome: 'success', resourceId: a.id },
    ],
    [
      'read other',
      { url: `/api/v1/patients/${a.id}`, headers: asB.headers },
      404,
      { action: 'patient.read', outcome: 'denied', patientId: a.id },
    ],
    [
      'read missing',
      { url: `/api/v1/patients/${missing}`, headers: asB.headers },
      404,
      { action: 'patient.read', outcome: 'denied', patientId: missing },
    ],
    [
      'patch own',
      {
        method: 'PATCH',
        url: `/api/v1/patients/${a.id}`,
        headers: asA.headers,
        payload: { phone: '+1 555 0199' },
      },
      200,
      { action: 'patient.update', outcome: 'success' },
    ],
    [
      'patch other',
      {
        method: 'PATCH',
        url: `/api/v1/patients/${a.id}`,
        headers: asB.headers,
        payload: { phone: '+1 555 0666' },
      },
      404,
      { action: 'patient.update', outcome: 'denied', patientId: a.id },
    ],
    [
      'search',
      { url: '/api/v1/patients?q=Audit', headers: staff.headers },
      200,
      { action: 'patient.search', outcome: 'success', resourceId: null, patientId: null },
    ],
    [
      'create',
      {
        method: 'POST',
        url: '/api/v1/patients',
        headers: staff.headers,
        payload: { ...profile, locationId },
      },
      201,
      { action: 'patient.create', outcome: 'success' },
    ],
    [
      'create elsewhere',
      {
        method: 'POST',
        url: '/api/v1/patients',
        headers: staff.headers,
        payload: { ...profile, locationId: missing },
      },
      422,
      { action: 'patient.create', outcome: 'denied' },
    ],
    [
      'list accounts',
      { url: '/api/v1/accounts', headers: t.asAdmin },
      200,
      { action: 'account.search', outcome: 'success' },
    ],
    [
      'read account',
      { url: `/api/v1/accounts/${asA.account.id}`, headers: t.asAdmin },
      200,
      { action: 'account.read', patientId: a.id },
    ],
    [
      'move staff',
      {
        method: 'PUT',
        url: `/api/v1/accounts/${staff.account.id}/locations`,
        headers: t.asAdmin,
        payload: { locationIds: [locationId] },
      },
      200,
      { action: 'account.locations-change', outcome: 'success' },
    ],
  ];
}

describe('one audit event per request', () => {
  it('for every read, search, write and denial of patient data', async () => {
    for (const [name, options, status, event] of requests()) {
      const result = await audited(options);
      expect(result.status, name).toBe(status);
      expect(result.added, name).toBe(1);
      expect(result.events, name).toMatchObject([event]);
    }
  });

  it('and none for a caller who reads no patient data', async () => {
    const result = await audited({ url: '/api/v1/me', headers: staff.headers });
    expect(result).toMatchObject({ status: 200, added: 0 });
  });
});

describe('a write that rolls back', () => {
  it('leaves no success event and no change: PATCH /patients/:id refused at commit', async () => {
    const before = (await t.database.db.select().from(patients).where(eq(patients.id, a.id)))[0];
    const result = await audited({
      method: 'PATCH',
      url: `/api/v1/patients/${a.id}`,
      headers: asA.headers,
      payload: { fullName: REFUSED_NAME },
    });
    expect(result.status).toBe(500);
    expect(result.events).toMatchObject([{ action: 'patient.update', outcome: 'failure' }]);
    const after = (await t.database.db.select().from(patients).where(eq(patients.id, a.id)))[0];
    expect(after).toEqual(before);
  });

  it('leaves no success event: POST /accounts refused at commit, or with a taken e-mail', async () => {
    const create = (email: string) =>
      audited({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: t.asAdmin,
        payload: { email, password: 'a sturdy unusual passphrase 42', role: 'admin' },
      });
    const refused = await create(REFUSED_EMAIL);
    expect(refused.status).toBe(500);
    expect(refused.events).toMatchObject([{ action: 'account.create', outcome: 'failure' }]);
    const taken = await create(asB.account.email.toUpperCase());
    expect(taken.status).toBe(409);
    expect(taken.events).toMatchObject([{ action: 'account.create', outcome: 'failure' }]);
    const rows = await t.database.db
      .select({ n: count() })
      .from(accounts)
      .where(eq(accounts.email, REFUSED_EMAIL));
    expect(rows).toEqual([{ n: 0 }]);
  });
});
