import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { addWhoami, whoami } from '../../../test/support/whoami.js';
import { accounts, auditEvents, patients, refreshTokens } from '../../db/schema/index.js';
import { RefreshTokenRepository } from './repository.js';
import { digestOf, newOpaqueToken } from './secrets.js';

// Register → sign in → use; refresh rotation and reuse detection (which ends the family's access
// tokens too, SECURITY.md item 33); sign-out and password change end every session at once
// (SECURITY.md item 15).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extend: addWhoami });
});
afterAll(() => t.close());

interface Tokens {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  refreshToken: string;
}

let clients = 0;
/** Each test calls from its own address: rate limits and audit rows stay per test. */
const newClient = () => `10.20.${Math.floor(++clients / 250)}.${clients % 250}`;
const PASSWORD = 'vivid lantern quartz meadow';

const post = (ip: string, url: string, payload?: object, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/auth${url}`,
    remoteAddress: ip,
    ...(payload ? { payload } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
const refresh = (ip: string, refreshToken: string) => post(ip, '/refresh', { refreshToken });
const auditAt = (ip: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.ip, ip))
    .orderBy(asc(auditEvents.id));

/** Registers a new patient and signs in; returns the address, the e-mail and the tokens. */
async function signedInPatient(password = PASSWORD) {
  const ip = newClient();
  const email = `pat-${randomBytes(4).toString('hex')}@example.test`;
  const registered = await post(ip, '/register', {
    email,
    password,
    fullName: 'Robin Quill',
    dateOfBirth: '1990-02-03',
    sex: 'other',
    phone: '+49 30 555 0101',
  });
  expect(registered.statusCode).toBe(202);
  const signedIn = await post(ip, '/sign-in', { email, password });
  expect(signedIn.statusCode).toBe(200);
  return { ip, email, tokens: signedIn.json<Tokens>() };
}

describe('a patient registers, signs in and uses the token', () => {
  it('creates the profile and the account, and the token names them', async () => {
    const { email, tokens } = await signedInPatient();
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const me = await whoami(t, tokens.accessToken);
    expect(me.statusCode).toBe(200);
    const identity = me.json<{ accountId: string; role: string; patientId: string }>();
    expect(identity.role).toBe('patient');
    const [account] = await t.database.db
      .select()
      .from(accounts)
      .where(eq(accounts.id, identity.accountId));
    expect(account).toMatchObject({ email, role: 'patient', patientId: identity.patientId });
    expect(account!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [patient] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, identity.patientId));
    expect(patient).toMatchObject({ fullName: 'Robin Quill', dateOfBirth: '1990-02-03' });
  });

  it('stores refresh tokens only as SHA-256 digests', async () => {
    const { tokens } = await signedInPatient();
    const stored = await t.database.db
      .select({ tokenHash: refreshTokens.tokenHash })
      .from(refreshTokens);
    expect(stored.map((r) => r.tokenHash)).not.toContain(tokens.refreshToken);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it('refuses a birth date in the future and an unknown field', async () => {
    const ip = newClient();
    const base = {
      email: 'future@example.test',
      password: PASSWORD,
      fullName: 'Not Born',
      sex: 'unknown',
    };
    const future = await post(ip, '/register', { ...base, dateOfBirth: '2999-01-01' });
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ errors: [{ path: '/body/dateOfBirth' }] });
    const extra = await post(ip, '/register', {
      ...base,
      dateOfBirth: '1990-01-01',
      role: 'admin',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ errors: [{ path: '/body/role' }] });
  });
});

describe('refresh tokens', () => {
  it('rotate: a new pair in the same family, and the new refresh token works once more', async () => {
    const { ip, tokens } = await signedInPatient();
    const first = await refresh(ip, tokens.refreshToken);
    expect(first.statusCode).toBe(200);
    const next = first.json<Tokens>();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect((await whoami(t, next.accessToken)).statusCode).toBe(200);
    const second = await refresh(ip, next.refreshToken);
    expect(second.statusCode).toBe(200);
    const families = await t.database.db
      .selectDistinct({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.accountId, (await whoami(t, next.accessToken)).json().accountId));
    expect(families).toHaveLength(1);
  });

  it('reusing a used one revokes the whole family, the newest token included, audited once', async () => {
    const { ip, tokens } = await signedInPatient();
    const rotated = (await refresh(ip, tokens.refreshToken)).json<Tokens>();
    const reuse = await refresh(ip, tokens.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'invalid-refresh-token' });
    const events = (await auditAt(ip)).filter((e) => e.action === 'auth.refresh-reuse');
    expect(events).toEqual([expect.objectContaining({ outcome: 'denied', actorId: null })]);
    expect((await refresh(ip, rotated.refreshToken)).statusCode).toBe(401);
  });

  it('reuse also ends the access tokens of the family at once; other sessions refresh on', async () => {
    const { ip, email, tokens } = await signedInPatient();
    const other = (await post(ip, '/sign-in', { email, password: PASSWORD })).json<Tokens>();
    const rotated = (await refresh(ip, tokens.refreshToken)).json<Tokens>();
    expect((await whoami(t, rotated.accessToken)).statusCode).toBe(200);
    expect((await refresh(ip, tokens.refreshToken)).statusCode).toBe(401);
    for (const accessToken of [tokens.accessToken, rotated.accessToken]) {
      expect((await whoami(t, accessToken)).statusCode).toBe(401);
    }
    // Access tokens name no family, so the other session's one goes too; its refresh token lives.
    expect((await whoami(t, other.accessToken)).statusCode).toBe(401);
    const renewed = await refresh(ip, other.refreshToken);
    expect(renewed.statusCode).toBe(200);
    expect((await whoami(t, renewed.json<Tokens>().accessToken)).statusCode).toBe(200);
    expect((await auditAt(ip)).filter((e) => e.action === 'auth.refresh-reuse')).toHaveLength(1);
  });

  it('a token rotated into a family while it was being revoked is refused', async () => {
    const { ip, tokens } = await signedInPatient();
    const { accountId } = (await whoami(t, tokens.accessToken)).json<{ accountId: string }>();
    await refresh(ip, tokens.refreshToken);
    expect((await refresh(ip, tokens.refreshToken)).statusCode).toBe(401);
    // What a rotation racing the revocation leaves behind: a live token the revocation missed.
    const [family] = await t.database.db
      .selectDistinct({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.accountId, accountId));
    const late = newOpaqueToken();
    await new RefreshTokenRepository(t.database.db).create({
      accountId,
      familyId: family!.familyId,
      tokenHash: digestOf(late),
      ttlDays: 1,
    });
    expect((await refresh(ip, late)).statusCode).toBe(401);
  });

  it('of two concurrent refreshes with one token, exactly one succeeds', async () => {
    for (let round = 0; round < 3; round++) {
      const { ip, tokens } = await signedInPatient();
      const answers = await Promise.all([
        refresh(ip, tokens.refreshToken),
        refresh(ip, tokens.refreshToken),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    }
  });

  it('refuses an unknown and an expired token without revoking anything', async () => {
    const { ip, tokens } = await signedInPatient();
    const unknown = await refresh(ip, randomBytes(32).toString('base64url'));
    expect(unknown.statusCode).toBe(401);
    await t.database.db
      .update(refreshTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${refreshTokens.revokedAt} is null and ${refreshTokens.usedAt} is null`);
    expect((await refresh(ip, tokens.refreshToken)).statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      ...(await refresh(ip, tokens.refreshToken)).json(),
      requestId: expect.any(String),
    });
    expect((await auditAt(ip)).map((e) => e.action)).not.toContain('auth.refresh-reuse');
  });
});

describe('ending sessions', () => {
  it('sign-out revokes every access and refresh token at once, audited', async () => {
    const first = await signedInPatient();
    const second = await post(first.ip, '/sign-in', { email: first.email, password: PASSWORD });
    const other = second.json<Tokens>();
    const out = await post(first.ip, '/sign-out', undefined, first.tokens.accessToken);
    expect(out.statusCode).toBe(204);
    for (const session of [first.tokens, other]) {
      expect((await whoami(t, session.accessToken)).statusCode).toBe(401);
      expect((await refresh(first.ip, session.refreshToken)).statusCode).toBe(401);
    }
    const events = (await auditAt(first.ip)).filter((e) => e.action === 'auth.sign-out');
    expect(events).toEqual([expect.objectContaining({ outcome: 'success' })]);
    expect(events[0]!.actorId).toBe(
      (await t.database.db.select().from(accounts).where(eq(accounts.email, first.email)))[0]!.id,
    );
  });

  it('a password change revokes every session; the old password stops working', async () => {
    const { ip, email, tokens } = await signedInPatient();
    const newPassword = 'tangerine-orbit-cello-71';
    const changed = await post(
      ip,
      '/password',
      { currentPassword: PASSWORD, newPassword },
      tokens.accessToken,
    );
    expect(changed.statusCode).toBe(204);
    expect((await whoami(t, tokens.accessToken)).statusCode).toBe(401);
    expect((await refresh(ip, tokens.refreshToken)).statusCode).toBe(401);
    expect((await post(ip, '/sign-in', { email, password: PASSWORD })).statusCode).toBe(401);
    expect((await post(ip, '/sign-in', { email, password: newPassword })).statusCode).toBe(200);
    const events = (await auditAt(ip)).filter((e) => e.action === 'auth.password-change');
    expect(events.map((e) => e.outcome)).toEqual(['success']);
  });

  it('a wrong current password or a weak new one changes nothing', async () => {
    const { ip, tokens } = await signedInPatient();
    const wrong = await post(
      ip,
      '/password',
      { currentPassword: 'not my password at all', newPassword: 'tangerine-orbit-cello-71' },
      tokens.accessToken,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      code: 'wrong-password',
      errors: [{ path: '/body/currentPassword' }],
    });
    const weak = await post(
      ip,
      '/password',
      { currentPassword: PASSWORD, newPassword: 'password1234' },
      tokens.accessToken,
    );
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ errors: [{ path: '/body/newPassword' }] });
    expect((await whoami(t, tokens.accessToken)).statusCode).toBe(200);
    const events = (await auditAt(ip)).filter((e) => e.action === 'auth.password-change');
    expect(events.map((e) => e.outcome)).toEqual(['failure']);
  });

  it('sign-out and password change need a signed-in caller', async () => {
    const ip = newClient();
    expect((await post(ip, '/sign-out')).statusCode).toBe(401);
    const change = await post(ip, '/password', { currentPassword: 'x', newPassword: 'y' });
    expect(change.statusCode).toBe(401);
  });
});
