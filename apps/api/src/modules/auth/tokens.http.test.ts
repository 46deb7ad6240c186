import { eq } from 'drizzle-orm';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, JWT_SECRET, type TestApp } from '../../../test/support/app.js';
import { makeAccount, type TestAccount } from '../../../test/support/identities.js';
import { addWhoami, WHOAMI_URL, whoami } from '../../../test/support/whoami.js';
import { accounts } from '../../db/schema/index.js';
import { revokeAllSessions } from './sessions.js';
import { CLOCK_SKEW_SECONDS } from './tokens.js';

// SECURITY.md items 16 and 33: every forged, stale or implausible access token is refused with 401. The probe is a
// test-only route that any signed-in role may call: 200 means the token was accepted.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extend: addWhoami });
});
afterAll(() => t.close());

const secret = new TextEncoder().encode(JWT_SECRET);

/** The claims the app itself would sign for this account, ready for one field to be changed. */
function claimsFor(account: TestAccount, tokenVersion = account.account.tokenVersion) {
  return new SignJWT({ ver: tokenVersion })
    .setSubject(account.account.id)
    .setIssuer(t.config.auth.issuer)
    .setAudience(t.config.auth.audience)
    .setIssuedAt()
    .setExpirationTime('5m');
}

describe('access tokens', () => {
  let patient: TestAccount;
  beforeAll(async () => {
    patient = await makeAccount(t.database.db, t.tokens, 'patient');
  });

  it('accepts a token the app signed (the control for every refusal below)', async () => {
    const token = await claimsFor(patient).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    const response = await whoami(t, token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accountId: patient.account.id, role: 'patient' });
  });

  it('refuses alg none', async () => {
    const token = new UnsecuredJWT({ ver: 0 })
      .setSubject(patient.account.id)
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses HS512 with the right key', async () => {
    const token = await claimsFor(patient).setProtectedHeader({ alg: 'HS512' }).sign(secret);
    expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses RS256', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await claimsFor(patient).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses another audience, another issuer and an expired token', async () => {
    const header = { alg: 'HS256' };
    const forged = [
      await claimsFor(patient).setAudience('another-api').setProtectedHeader(header).sign(secret),
      await claimsFor(patient).setIssuer('someone-else').setProtectedHeader(header).sign(secret),
      await claimsFor(patient)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .setProtectedHeader(header)
        .sign(secret),
    ];
    for (const token of forged) expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses a token re-signed with another key', async () => {
    const otherKey = new TextEncoder().encode('another-secret-0123456789abcdef0123456789');
    const token = await claimsFor(patient).setProtectedHeader({ alg: 'HS256' }).sign(otherKey);
    expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses a token without its version claim', async () => {
    const token = await new SignJWT({})
      .setSubject(patient.account.id)
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    expect((await whoami(t, token)).statusCode).toBe(401);
  });

  it('refuses a validly signed token whose subject is not a UUID, never a 500', async () => {
    for (const subject of ['not-a-uuid', `${patient.account.id}x`, "1' or '1'='1", '']) {
      const token = await claimsFor(patient)
        .setSubject(subject)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secret);
      const response = await whoami(t, token);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses a lifetime above the TTL plus the clock skew, and accepts one at the limit', async () => {
    const now = Math.floor(Date.now() / 1000);
    const limit = t.config.auth.accessTokenTtlSeconds + CLOCK_SKEW_SECONDS;
    const lasting = (seconds: number) =>
      claimsFor(patient)
        .setIssuedAt(now - 10)
        .setExpirationTime(now - 10 + seconds)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secret);
    expect((await whoami(t, await lasting(limit))).statusCode).toBe(200);
    expect((await whoami(t, await lasting(limit + 1))).statusCode).toBe(401);
    expect((await whoami(t, await lasting(365 * 24 * 3600))).statusCode).toBe(401);
  });

  it('refuses an iat further in the future than the clock skew, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const issuedIn = (seconds: number) =>
      claimsFor(patient)
        .setIssuedAt(now + seconds)
        .setExpirationTime(now + seconds + 300)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secret);
    expect((await whoami(t, await issuedIn(CLOCK_SKEW_SECONDS - 5))).statusCode).toBe(200);
    expect((await whoami(t, await issuedIn(CLOCK_SKEW_SECONDS + 5))).statusCode).toBe(401);
  });

  it('refuses a token without iat and one without exp', async () => {
    const base = () =>
      new SignJWT({ ver: patient.account.tokenVersion })
        .setSubject(patient.account.id)
        .setIssuer(t.config.auth.issuer)
        .setAudience(t.config.auth.audience)
        .setProtectedHeader({ alg: 'HS256' });
    const withoutIat = await base().setExpirationTime('5m').sign(secret);
    const withoutExp = await base().setIssuedAt().sign(secret);
    for (const token of [withoutIat, withoutExp]) {
      expect((await whoami(t, token)).statusCode).toBe(401);
    }
  });

  it('refuses the token of a disabled account and of a deleted one', async () => {
    const disabled = await makeAccount(t.database.db, t.tokens, 'staff');
    const deleted = await makeAccount(t.database.db, t.tokens, 'admin');
    await t.database.db
      .update(accounts)
      .set({ disabledAt: new Date() })
      .where(eq(accounts.id, disabled.account.id));
    await t.database.db.delete(accounts).where(eq(accounts.id, deleted.account.id));
    for (const { headers } of [disabled, deleted]) {
      const response = await t.app.inject({ url: WHOAMI_URL, headers });
      expect(response.statusCode).toBe(401);
    }
  });

  it('refuses a token whose version was revoked, and accepts one of the new version', async () => {
    const account = await makeAccount(t.database.db, t.tokens, 'doctor');
    await revokeAllSessions(t.database.db, account.account.id);
    expect((await t.app.inject({ url: WHOAMI_URL, headers: account.headers })).statusCode).toBe(
      401,
    );
    const current = await claimsFor(account, account.account.tokenVersion + 1)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    expect((await whoami(t, current)).statusCode).toBe(200);
  });

  it('refuses a malformed header and a protected route without one', async () => {
    const valid = await claimsFor(patient).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    for (const authorization of [`Basic ${valid}`, `Bearer ${valid}x.y`, 'Bearer ']) {
      const response = await t.app.inject({ url: WHOAMI_URL, headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
    const specialties = await t.app.inject({ method: 'POST', url: '/api/v1/specialties' });
    expect(specialties.statusCode).toBe(401);
  });
});
