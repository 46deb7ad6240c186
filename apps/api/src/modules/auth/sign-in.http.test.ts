import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, withoutRequestId } from '../../../test/support/app.js';
import { accounts, auditEvents, patients } from '../../db/schema/index.js';
import { SIGN_IN_LIMITS } from './throttle.js';

// SECURITY.md items 11, 13 and 14: answers that do not tell who has an account, throttling per
// account and per IP, and one audit event per attempt that names no one.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let clients = 0;
const newClient = () => `10.30.${Math.floor(++clients / 250)}.${clients % 250}`;
const PASSWORD = 'vivid lantern quartz meadow';
const FULL_NAME = 'Morgan Trelawney';
const { maxFailures } = SIGN_IN_LIMITS.account;

const post = (ip: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, remoteAddress: ip, payload });
const signIn = (ip: string, email: string, password: string) =>
  post(ip, '/sign-in', { email, password });
const auditAt = (ip: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.ip, ip))
    .orderBy(asc(auditEvents.id));
const newEmail = () => `Someone.${randomBytes(4).toString('hex')}@Example.test`;

async function registered(ip = newClient()) {
  const email = newEmail();
  const response = await post(ip, '/register', {
    email,
    password: PASSWORD,
    fullName: FULL_NAME,
    dateOfBirth: '1979-08-21',
    sex: 'female',
  });
  expect(response.statusCode).toBe(202);
  return email;
}

/** No column of an audit row may hold the e-mail address (or its local part) or the name. */
function expectNoPersonalData(rows: object[], email: string) {
  const text = JSON.stringify(rows).toLowerCase();
  for (const secret of [email, email.split('@')[0]!, FULL_NAME, 'trelawney']) {
    expect(text).not.toContain(secret.toLowerCase());
  }
}

describe('answers that do not reveal accounts', () => {
  it('an unknown address and a wrong password get the same status and body', async () => {
    const ip = newClient();
    const email = await registered(ip);
    const wrong = await signIn(ip, email, 'not the right password');
    const unknown = await signIn(ip, newEmail(), 'not the right password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(withoutRequestId(unknown)).toEqual(withoutRequestId(wrong));
    expect(wrong.json()).toMatchObject({ code: 'invalid-credentials' });
    expect(unknown.headers['content-type']).toBe(wrong.headers['content-type']);
  });

  it('a disabled account fails the same way, even with the right password', async () => {
    const ip = newClient();
    const email = await registered(ip);
    await t.database.db
      .update(accounts)
      .set({ disabledAt: new Date() })
      .where(sql`lower(${accounts.email}) = lower(${email})`);
    const disabled = await signIn(ip, email, PASSWORD);
    const unknown = await signIn(ip, newEmail(), PASSWORD);
    expect(disabled.statusCode).toBe(401);
    expect(withoutRequestId(disabled)).toEqual(withoutRequestId(unknown));
  });

  it('registering a taken address answers as for a new one and creates nothing', async () => {
    const ip = newClient();
    const email = await registered(ip);
    const countPatients = () => t.database.db.$count(patients);
    const before = await countPatients();
    const again = await post(ip, '/register', {
      email: email.toUpperCase(),
      password: 'tangerine-orbit-cello-71',
      fullName: 'Somebody Else',
      dateOfBirth: '1990-01-01',
      sex: 'male',
    });
    const fresh = await post(ip, '/register', {
      email: newEmail(),
      password: 'tangerine-orbit-cello-71',
      fullName: 'Somebody Else',
      dateOfBirth: '1990-01-01',
      sex: 'male',
    });
    expect(again.statusCode).toBe(202);
    expect(again.statusCode).toBe(fresh.statusCode);
    expect(again.body).toBe(fresh.body);
    expect(again.json()).toEqual({ status: 'accepted' });
    expect(await countPatients()).toBe(before + 1); // the fresh one only
    const sameAddress = await t.database.db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = lower(${email})`);
    expect(sameAddress).toHaveLength(1);
    expect((await signIn(ip, email, PASSWORD)).statusCode).toBe(200); // the first password holds
  });

  it('two concurrent registrations of one address create one account, and answer alike', async () => {
    const email = newEmail();
    const payload = {
      email,
      password: PASSWORD,
      fullName: FULL_NAME,
      dateOfBirth: '1979-08-21',
      sex: 'female',
    };
    const answers = await Promise.all([
      post(newClient(), '/register', payload),
      post(newClient(), '/register', { ...payload, email: email.toLowerCase() }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    expect(answers[0]!.body).toBe(answers[1]!.body);
    const created = await t.database.db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = lower(${email})`);
    expect(created).toHaveLength(1);
    const profiles = await t.database.db
      .select()
      .from(patients)
      .where(sql`lower(${patients.email}) = lower(${email})`);
    expect(profiles).toHaveLength(1);
  });
});

describe('throttling', () => {
  it(`refuses the attempt after ${maxFailures} failures on one account with 429 and Retry-After`, async () => {
    const ip = newClient();
    const email = await registered(ip);
    for (let i = 0; i < maxFailures; i++) {
      expect((await signIn(ip, email, `wrong password ${i}`)).statusCode).toBe(401);
    }
    const blocked = await signIn(ip, email, 'wrong password again');
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.blockSeconds);
    expect(blocked.json()).toMatchObject({ status: 429, code: 'too-many-attempts' });
    // Blocked means blocked: the right password is not even checked, from another IP neither.
    expect((await signIn(newClient(), email.toLowerCase(), PASSWORD)).statusCode).toBe(429);
  });

  it('blocks an unknown address exactly as a known one', async () => {
    const ip = newClient();
    const email = newEmail();
    for (let i = 0; i < maxFailures; i++) {
      expect((await signIn(ip, email, `wrong password ${i}`)).statusCode).toBe(401);
    }
    expect((await signIn(ip, email, 'wrong password again')).statusCode).toBe(429);
  });

  it('a success resets the account counter', async () => {
    const ip = newClient();
    const email = await registered(ip);
    for (let i = 0; i < maxFailures - 1; i++) await signIn(ip, email, `wrong password ${i}`);
    expect((await signIn(ip, email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < maxFailures; i++) {
      expect((await signIn(ip, email, `wrong password ${i}`)).statusCode).toBe(401);
    }
  });

  it('lets through at most the limit of a burst of parallel guesses', async () => {
    const ip = newClient();
    const email = await registered(ip);
    const answers = await Promise.all(
      Array.from({ length: maxFailures * 2 }, (_, i) => signIn(ip, email, `guess number ${i}`)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(maxFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(maxFailures);
  });

  it('limits failures from one IP across many addresses', async () => {
    const ip = newClient();
    const { maxFailures: perIp } = SIGN_IN_LIMITS.ip;
    for (let i = 0; i < perIp; i++) {
      expect((await signIn(ip, newEmail(), 'some wrong password')).statusCode).toBe(401);
    }
    const email = await registered();
    const blocked = await signIn(ip, email, PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(newClient(), email, PASSWORD)).statusCode).toBe(200);
  });
});

describe('audit of sign-in and registration', () => {
  it('writes one event per attempt, with the account id and no personal data', async () => {
    const ip = newClient();
    const email = await registered(ip);
    const [account] = await t.database.db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = lower(${email})`);
    await signIn(ip, email, PASSWORD);
    await signIn(ip, email, 'not the right password');
    await signIn(ip, newEmail(), 'not the right password');
    const events = await auditAt(ip);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'auth.register',
        outcome: 'success',
        actorId: account!.id,
        actorRole: 'patient',
        resourceType: 'account',
        resourceId: account!.id,
        patientId: account!.patientId,
      }),
      expect.objectContaining({
        action: 'auth.sign-in',
        outcome: 'success',
        actorId: account!.id,
        resourceId: account!.id,
      }),
      expect.objectContaining({
        action: 'auth.sign-in',
        outcome: 'failure',
        actorId: null,
        resourceId: account!.id,
      }),
      expect.objectContaining({
        action: 'auth.sign-in',
        outcome: 'failure',
        actorId: null,
        resourceId: null,
      }),
    ]);
    expectNoPersonalData(events, email);
  });

  it('records a throttled attempt as denied, and a repeated registration as a failure', async () => {
    const ip = newClient();
    const email = await registered(ip);
    await post(ip, '/register', {
      email,
      password: PASSWORD,
      fullName: FULL_NAME,
      dateOfBirth: '1979-08-21',
      sex: 'female',
    });
    for (let i = 0; i <= maxFailures; i++) await signIn(ip, email, `wrong password ${i}`);
    const events = await auditAt(ip);
    expect(events.map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'auth.register success',
      'auth.register failure',
      ...Array.from({ length: maxFailures }, () => 'auth.sign-in failure'),
      'auth.sign-in denied',
    ]);
    expectNoPersonalData(events, email);
  });
});
