import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET, withoutRequestId } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { auditEvents, passwordResets } from '../../db/schema/index.js';
import { digestOf } from './secrets.js';
import { SIGN_IN_LIMITS } from './throttle.js';

// SECURITY.md item 12 (password rules) and the reset flow. The app logs into `lines`: the reset
// link stands in for an e-mail, so tests read it from there, and check nothing else leaks.

let app: FastifyInstance;
let database: TestDatabase;
const lines: string[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  app = await buildApp({ config: loadConfig({ JWT_SECRET }), database, logger });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

let clients = 0;
const newClient = () => `10.40.${Math.floor(++clients / 250)}.${clients % 250}`;
const PASSWORD = 'vivid lantern quartz meadow';
const newEmail = () => `reset-${randomBytes(4).toString('hex')}@example.test`;

const post = (ip: string, url: string, payload: object) =>
  app.inject({ method: 'POST', url: `/api/v1/auth${url}`, remoteAddress: ip, payload });
const register = (ip: string, email: string, password: string) =>
  post(ip, '/register', {
    email,
    password,
    fullName: 'Quinn Halloway',
    dateOfBirth: '2001-12-31',
    sex: 'unknown',
  });
const signIn = (ip: string, email: string, password: string) =>
  post(ip, '/sign-in', { email, password });
const auditAt = (ip: string) =>
  database.db.select().from(auditEvents).where(eq(auditEvents.ip, ip)).orderBy(asc(auditEvents.id));

/** The token of the newest reset link in the log. */
function lastResetToken(): string {
  const line = lines.findLast((l) => l.includes('password reset requested'));
  const url = (JSON.parse(line!) as { resetUrl: string }).resetUrl;
  return new URL(url, 'http://x').searchParams.get('token')!;
}

async function signedIn(ip: string) {
  const email = newEmail();
  expect((await register(ip, email, PASSWORD)).statusCode).toBe(202);
  const response = await signIn(ip, email, PASSWORD);
  return { email, tokens: response.json<{ accessToken: string; refreshToken: string }>() };
}

describe('password rules', () => {
  it('refuses 11 characters, a common password and 129 characters with 422 naming the field', async () => {
    for (const password of ['abcdefghijk', 'password1234', 'x'.repeat(60) + '🌸'.repeat(69)]) {
      const response = await register(newClient(), newEmail(), password);
      expect(response.statusCode, password).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'weak-password',
        errors: [{ path: '/body/password' }],
      });
    }
  });

  it('accepts passphrases of 64 and 128 characters and any Unicode, and signs in with them', async () => {
    const long = (n: number) =>
      Array.from({ length: 40 }, (_, i) => `word${i}`)
        .join(' ')
        .slice(0, n);
    // Composed here, decomposed (e + combining accent) when signing in: the same password.
    const unicode = 'Grüße aus Köln, 🌸 café';
    for (const password of [long(64), long(128), unicode]) {
      const ip = newClient();
      const email = newEmail();
      expect((await register(ip, email, password)).statusCode, password).toBe(202);
      const typed = password.normalize('NFD');
      expect((await signIn(ip, email, typed)).statusCode, password).toBe(200);
    }
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown address, and logs a link with the account id only', async () => {
    const ip = newClient();
    const { email } = await signedIn(ip);
    const before = lines.length;
    const known = await post(ip, '/password-reset', { email });
    const unknown = await post(ip, '/password-reset', { email: newEmail() });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const links = lines.slice(before).filter((l) => l.includes('password reset requested'));
    expect(links).toHaveLength(1);
    expect(JSON.parse(links[0]!)).toMatchObject({
      level: 30,
      accountId: expect.any(String),
      resetUrl: expect.stringMatching(/^\/reset-password\?token=[A-Za-z0-9_-]{43}$/),
    });
    expect(lines.join('\n')).not.toContain(email);
    const [stored] = await database.db.select().from(passwordResets);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sets the new password once, ends every session and audits, naming no one', async () => {
    const ip = newClient();
    const { email, tokens } = await signedIn(ip);
    await post(ip, '/password-reset', { email });
    const token = lastResetToken();
    const newPassword = 'tangerine-orbit-cello-71';
    expect((await post(ip, '/password-reset/confirm', { token, newPassword })).statusCode).toBe(
      204,
    );
    const access = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(access.statusCode).toBe(401);
    const refresh = await post(ip, '/refresh', { refreshToken: tokens.refreshToken });
    expect(refresh.statusCode).toBe(401);
    expect((await signIn(ip, email, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(ip, email, newPassword)).statusCode).toBe(200);

    const again = await post(ip, '/password-reset/confirm', { token, newPassword: PASSWORD });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'invalid-reset-token' });
    const unknown = await post(ip, '/password-reset/confirm', {
      token: randomBytes(32).toString('base64url'),
      newPassword: PASSWORD,
    });
    expect(withoutRequestId(unknown)).toEqual(withoutRequestId(again));

    const events = await auditAt(ip);
    const resets = events.filter((e) => e.action.startsWith('auth.password-reset'));
    expect(resets.map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'auth.password-reset-request success',
      'auth.password-reset success',
      'auth.password-reset failure',
      'auth.password-reset failure',
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(email);
    expect(text).not.toContain('Halloway');
  });

  it('refuses an expired token, and keeps a token whose new password was too weak', async () => {
    const ip = newClient();
    const { email } = await signedIn(ip);
    await post(ip, '/password-reset', { email });
    const token = lastResetToken();
    const weak = await post(ip, '/password-reset/confirm', { token, newPassword: 'password1234' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ errors: [{ path: '/body/newPassword' }] });
    const [kept] = await database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, digestOf(token)));
    expect(kept!.usedAt).toBeNull();
    await database.db
      .update(passwordResets)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${passwordResets.usedAt} is null`);
    const expired = await post(ip, '/password-reset/confirm', { token, newPassword: PASSWORD });
    expect(expired.statusCode).toBe(422);
    expect(expired.json()).toMatchObject({ code: 'invalid-reset-token' });
  });

  it('a new link voids the older ones: they are refused like an unknown token', async () => {
    const ip = newClient();
    const { email } = await signedIn(ip);
    await post(ip, '/password-reset', { email });
    const older = lastResetToken();
    await post(ip, '/password-reset', { email });
    const newer = lastResetToken();
    const newPassword = 'tangerine-orbit-cello-71';
    const stale = await post(ip, '/password-reset/confirm', { token: older, newPassword });
    expect(stale.statusCode).toBe(422);
    const unknown = await post(ip, '/password-reset/confirm', {
      token: randomBytes(32).toString('base64url'),
      newPassword,
    });
    expect(withoutRequestId(stale)).toEqual(withoutRequestId(unknown));
    expect((await signIn(ip, email, PASSWORD)).statusCode).toBe(200);
    const fresh = await post(ip, '/password-reset/confirm', { token: newer, newPassword });
    expect(fresh.statusCode).toBe(204);
    expect((await signIn(ip, email, newPassword)).statusCode).toBe(200);
  });

  it('lifts a sign-in block: the owner proved who they are', async () => {
    const ip = newClient();
    const { email } = await signedIn(ip);
    for (let i = 0; i <= SIGN_IN_LIMITS.account.maxFailures; i++) {
      await signIn(ip, email, `a wrong guess ${i}`);
    }
    expect((await signIn(ip, email, PASSWORD)).statusCode).toBe(429);
    await post(ip, '/password-reset', { email });
    const newPassword = 'tangerine-orbit-cello-71';
    await post(ip, '/password-reset/confirm', { token: lastResetToken(), newPassword });
    expect((await signIn(ip, email, newPassword)).statusCode).toBe(200);
  });
});
