import { asc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../../test/support/app.js';
import { makeAccount } from '../../../test/support/identities.js';
import { addWhoami, whoami } from '../../../test/support/whoami.js';
import { accounts, auditEvents } from '../../db/schema/index.js';
import { hashPassword } from './passwords.js';
import { SIGN_IN_LIMITS } from './throttle.js';

// Browser sessions: the refresh token only ever in an HttpOnly, SameSite=Strict cookie scoped to
// /api/v1/auth/session, rotated like /auth/refresh (reuse ends the family), every cookie route
// behind the CSRF double-submit check, and sign-out ending the session and clearing the cookie.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extend: addWhoami });
});
afterAll(() => t.close());

const PASSWORD = 'amber thistle copper lagoon';
const SESSION_PATH = '/api/v1/auth/session';
const THIRTY_DAYS = 30 * 24 * 60 * 60;

let clients = 0;
const newClient = () => `10.30.${Math.floor(++clients / 250)}.${clients % 250}`;

interface SetCookie {
  name: string;
  value: string;
  path?: string;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}
const cookieNamed = (response: LightMyRequestResponse, name: string) =>
  (response.cookies as SetCookie[]).find((c) => c.name === name);
const rawSetCookie = (response: LightMyRequestResponse, name: string) =>
  [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${name}=`));

/** A browser: one address and host, the cookies it was given and its CSRF token. */
interface Browser {
  ip: string;
  host: string;
  cookies: Record<string, string>;
  csrfToken: string;
}

async function openBrowser(host = 'localhost:3000'): Promise<Browser> {
  const b: Browser = { ip: newClient(), host, cookies: {}, csrfToken: '' };
  const response = await send(b, 'GET', '/csrf');
  expect(response.statusCode).toBe(200);
  b.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  return b;
}

/** Sends as the browser would and keeps the cookies it is given (an empty one deletes). */
async function send(
  b: Browser,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  options: { payload?: object; csrfToken?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const csrfToken = options.csrfToken === undefined ? b.csrfToken : options.csrfToken;
  const response = await t.app.inject({
    method,
    url: `/api/v1/auth${url}`,
    remoteAddress: b.ip,
    headers: { host: b.host, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    cookies: b.cookies,
    ...(options.payload ? { payload: options.payload } : {}),
  });
  for (const c of response.cookies as SetCookie[]) {
    if (c.value === '' || c.maxAge === 0) delete b.cookies[c.name];
    else b.cookies[c.name] = c.value;
  }
  return response;
}

async function makePatientWithPassword() {
  const { account } = await makeAccount(t.database.db, t.tokens, 'patient');
  const passwordHash = await hashPassword(PASSWORD);
  await t.database.db.update(accounts).set({ passwordHash }).where(eq(accounts.id, account.id));
  return account;
}

/** A patient signed in from a fresh browser. */
async function signedIn(host?: string) {
  const account = await makePatientWithPassword();
  const b = await openBrowser(host);
  const response = await send(b, 'POST', '/session', {
    payload: { email: account.email, password: PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return { account, b, response };
}

const auditAt = (ip: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.ip, ip))
    .orderBy(asc(auditEvents.id));

describe('GET /auth/csrf', () => {
  it('sets a signed HttpOnly secret cookie for /api/v1/auth once, and answers a token', async () => {
    const b = await openBrowser();
    expect(b.csrfToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(b.cookies.medsync_csrf).toBeDefined();
    const again = await send(b, 'GET', '/csrf');
    expect(again.headers['set-cookie']).toBeUndefined(); // the browser keeps its secret
    expect(again.headers['cache-control']).toBe('no-store');
    const fresh = await t.app.inject({ url: '/api/v1/auth/csrf' });
    const cookie = cookieNamed(fresh, 'medsync_csrf')!;
    expect(cookie).toMatchObject({ path: '/api/v1/auth', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.secure).toBeUndefined();
  });
});

describe('POST /auth/session', () => {
  it('answers an access token without the refresh token, which is set as a cookie', async () => {
    const { account, b, response } = await signedIn();
    const session = response.json<Record<string, unknown>>();
    expect(session).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const cookie = cookieNamed(response, 'medsync_refresh')!;
    expect(cookie).toMatchObject({
      path: SESSION_PATH,
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: THIRTY_DAYS,
    });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body).not.toContain(cookie.value);
    expect(rawSetCookie(response, 'medsync_refresh')).not.toMatch(/Secure/);
    const me = await whoami(t, session.accessToken as string);
    expect(me.json()).toMatchObject({ accountId: account.id });
    const events = await auditAt(b.ip);
    expect(events).toEqual([
      expect.objectContaining({ action: 'auth.sign-in', outcome: 'success', actorId: account.id }),
    ]);
  });

  it('marks the cookies Secure except over plain HTTP to a loopback host', async () => {
    for (const host of ['127.0.0.1:3000', '[::1]:3000', 'localhost']) {
      const { response } = await signedIn(host);
      expect(cookieNamed(response, 'medsync_refresh')!.secure, host).toBeUndefined();
    }
    const { response } = await signedIn('medsync.example');
    expect(cookieNamed(response, 'medsync_refresh')!.secure).toBe(true);
    expect(rawSetCookie(response, 'medsync_refresh')).toMatch(
      /; Max-Age=2592000; Path=\/api\/v1\/auth\/session; HttpOnly; Secure; SameSite=Strict$/,
    );
    const csrf = await t.app.inject({
      url: '/api/v1/auth/csrf',
      headers: { host: 'medsync.example' },
    });
    expect(cookieNamed(csrf, 'medsync_csrf')!.secure).toBe(true);
  });

  it('answers wrong credentials like /auth/sign-in, setting no cookie', async () => {
    const account = await makePatientWithPassword();
    const b = await openBrowser();
    const wrong = await send(b, 'POST', '/session', {
      payload: { email: account.email, password: 'not the password at all' },
    });
    expectProblem(wrong, 401, 'invalid-credentials');
    expect(cookieNamed(wrong, 'medsync_refresh')).toBeUndefined();
  });
});

describe('POST /auth/session throttling', () => {
  it('shares the sign-in throttle: failures there block here with 429 and Retry-After', async () => {
    const account = await makePatientWithPassword();
    const b = await openBrowser();
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures; i++) {
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        remoteAddress: b.ip,
        payload: { email: account.email, password: `wrong password ${i}` },
      });
      expect(failed.statusCode).toBe(401);
    }
    const blocked = await send(b, 'POST', '/session', {
      payload: { email: account.email, password: PASSWORD },
    });
    expectProblem(blocked, 429, 'too-many-attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(cookieNamed(blocked, 'medsync_refresh')).toBeUndefined();
  });
});

describe('POST /auth/session/refresh', () => {
  it('rotates the cookie; the old one then fails and ends the family, audited once', async () => {
    const { b } = await signedIn();
    const first = b.cookies.medsync_refresh!;
    const rotated = await send(b, 'POST', '/session/refresh');
    expect(rotated.statusCode).toBe(200);
    expect(Object.keys(rotated.json())).toEqual(['accessToken', 'tokenType', 'expiresIn']);
    const second = b.cookies.medsync_refresh!;
    expect(second).not.toBe(first);
    expect(cookieNamed(rotated, 'medsync_refresh')).toMatchObject({
      path: SESSION_PATH,
      httpOnly: true,
      maxAge: THIRTY_DAYS,
    });
    const newAccess = rotated.json<{ accessToken: string }>().accessToken;
    expect((await whoami(t, newAccess)).statusCode).toBe(200);

    // A copy of the first cookie comes back: the whole family ends, the newest token included.
    const copy: Browser = { ...b, cookies: { ...b.cookies, medsync_refresh: first } };
    const reuse = await send(copy, 'POST', '/session/refresh');
    expectProblem(reuse, 401, 'invalid-refresh-token');
    expect(cookieNamed(reuse, 'medsync_refresh')).toMatchObject({
      value: '',
      maxAge: 0,
      path: SESSION_PATH,
    });
    expect((await whoami(t, newAccess)).statusCode).toBe(401);
    const reuses = (await auditAt(b.ip)).filter((e) => e.action === 'auth.refresh-reuse');
    expect(reuses).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    expectProblem(await send(b, 'POST', '/session/refresh'), 401, 'invalid-refresh-token');
  });

  it('answers 401 and clears the cookie when there is none', async () => {
    const b = await openBrowser();
    const response = await send(b, 'POST', '/session/refresh');
    expectProblem(response, 401, 'invalid-refresh-token');
    expect(rawSetCookie(response, 'medsync_refresh')).toMatch(
      /^medsync_refresh=; Max-Age=0; Path=\/api\/v1\/auth\/session;/,
    );
  });
});

describe('CSRF', () => {
  const cookieRoutes = [
    ['POST', '/session'],
    ['POST', '/session/refresh'],
    ['DELETE', '/session'],
  ] as const;

  it.each(cookieRoutes)(
    '%s %s refuses a missing, wrong or foreign token with 403',
    async (method, url) => {
      const { account, b } = await signedIn();
      const other = await openBrowser();
      const payload = url === '/session' ? { email: account.email, password: PASSWORD } : undefined;
      const attempts: (string | null)[] = [null, 'not-a-token', `${b.csrfToken}x`, other.csrfToken];
      for (const csrfToken of attempts) {
        const response = await send(b, method, url, { csrfToken, ...(payload ? { payload } : {}) });
        const problem = expectProblem(response, 403, 'csrf-token-invalid');
        expect((problem as unknown as { type: string }).type).toBe('/problems/csrf-token-invalid');
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      // A token without the secret cookie it was made from is refused too.
      const noSecret: Browser = { ...b, cookies: { medsync_refresh: b.cookies.medsync_refresh! } };
      expectProblem(
        await send(noSecret, method, url, payload ? { payload } : {}),
        403,
        'csrf-token-invalid',
      );
      // None of it touched the session.
      expect((await send(b, 'POST', '/session/refresh')).statusCode).toBe(200);
      expect((await auditAt(b.ip)).map((e) => e.action)).toEqual(['auth.sign-in']);
    },
  );
});

describe('DELETE /auth/session', () => {
  it('ends this session, clears the cookie and records the sign-out; other sessions live', async () => {
    const { account, b, response } = await signedIn();
    const elsewhere = await openBrowser();
    const other = await send(elsewhere, 'POST', '/session', {
      payload: { email: account.email, password: PASSWORD },
    });
    expect(other.statusCode).toBe(200);
    const token = b.cookies.medsync_refresh!;
    const accessToken = response.json<{ accessToken: string }>().accessToken;

    const out = await send(b, 'DELETE', '/session');
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(rawSetCookie(out, 'medsync_refresh')).toMatch(
      /^medsync_refresh=; Max-Age=0; Path=\/api\/v1\/auth\/session;/,
    );
    expect(b.cookies.medsync_refresh).toBeUndefined();

    const again: Browser = { ...b, cookies: { ...b.cookies, medsync_refresh: token } };
    expectProblem(await send(again, 'POST', '/session/refresh'), 401, 'invalid-refresh-token');
    expect((await whoami(t, accessToken)).statusCode).toBe(401);
    expect((await send(elsewhere, 'POST', '/session/refresh')).statusCode).toBe(200);
    const events = (await auditAt(b.ip)).filter((e) => e.action === 'auth.sign-out');
    expect(events).toEqual([
      expect.objectContaining({ outcome: 'success', actorId: account.id, resourceId: account.id }),
    ]);
  });

  it('is idempotent: without a cookie, or with an ended one, 204 and a clearing cookie', async () => {
    const b = await openBrowser();
    const bare = await send(b, 'DELETE', '/session');
    expect(bare.statusCode).toBe(204);
    expect(cookieNamed(bare, 'medsync_refresh')).toMatchObject({ maxAge: 0, path: SESSION_PATH });
    const { b: signedOut } = await signedIn();
    const token = signedOut.cookies.medsync_refresh!;
    expect((await send(signedOut, 'DELETE', '/session')).statusCode).toBe(204);
    const twice: Browser = {
      ...signedOut,
      cookies: { ...signedOut.cookies, medsync_refresh: token },
    };
    expect((await send(twice, 'DELETE', '/session')).statusCode).toBe(204);
    expect((await auditAt(signedOut.ip)).filter((e) => e.action === 'auth.sign-out')).toHaveLength(
      1,
    );
    expect(await auditAt(b.ip)).toEqual([]);
  });
});
