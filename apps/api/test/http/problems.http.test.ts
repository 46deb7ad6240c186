import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { Public } from '../../src/http/access.js';
import { loggerOptions } from '../../src/http/logging.js';
import { encodeCursor } from '../../src/shared/pagination.js';
import { body, createTestApp, expectProblem, type TestApp } from '../support/app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Item 25 of SECURITY.md: every 4xx/5xx is problem+json whose status is the HTTP status,
// and 5xx bodies disclose nothing. Item 28: security headers, no-store, CORS.

const ALLOWED_ORIGIN = 'https://clinic.example';
const PROBLEM_KEYS = ['code', 'detail', 'requestId', 'status', 'title', 'type'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CORS_ORIGINS: ALLOWED_ORIGIN } });
});
afterAll(() => t.close());

// Requests in this table are sent as the admin unless they set their own authorization.
const json = { 'content-type': 'application/json' };

const PROBLEM_CASES: [string, number, string, InjectOptions][] = [
  ['an unknown route', 404, 'no-route', { url: '/api/v1/no-such-resource' }],
  [
    'a method the path does not support',
    405,
    'method-not-allowed',
    { method: 'DELETE', url: '/api/v1/bookings/0195c4a2-7c1e-7000-8000-000000000001' },
  ],
  [
    'a body over 64 KiB',
    413,
    'body-too-large',
    {
      method: 'POST',
      url: '/api/v1/specialties',
      headers: json,
      payload: JSON.stringify({ name: 'Big', description: 'x'.repeat(70_000) }),
    },
  ],
  [
    'a text/plain body',
    415,
    'unsupported-media-type',
    {
      method: 'POST',
      url: '/api/v1/specialties',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=Cardiology',
    },
  ],
  [
    'malformed JSON',
    400,
    'invalid-json',
    { method: 'POST', url: '/api/v1/specialties', headers: json, payload: '{"name": "Card' },
  ],
  ['a badly encoded URL', 400, 'bad-url', { url: '/api/v1/specialties/%E0%A4%A' }],
  ['limit=101', 400, 'validation-failed', { url: '/api/v1/specialties?limit=101' }],
  [
    'an unknown query parameter',
    400,
    'validation-failed',
    { url: '/api/v1/specialties?colour=red' },
  ],
  [
    'a write without credentials',
    401,
    'unauthenticated',
    {
      method: 'POST',
      url: '/api/v1/specialties',
      headers: { authorization: '' },
      payload: { name: 'Anonymous' },
    },
  ],
];

describe('problem responses', () => {
  it('405 names the methods a path supports, with an Allow header; query strings are ignored', async () => {
    const booking = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/bookings/0195c4a2-7c1e-7000-8000-000000000001?x=1',
      headers: t.asAdmin,
    });
    expect(booking.statusCode).toBe(405);
    expect(booking.headers.allow).toBe('GET, HEAD');
    expect(body(booking).detail).toBe('PUT is not supported here; use GET, HEAD');
    const collection = await t.app.inject({ method: 'DELETE', url: '/api/v1/bookings' });
    expect(collection.headers.allow).toBe('GET, HEAD, POST');
    // A path no route has is still a 404, whatever the method; CORS preflight's OPTIONS * adds none.
    const unknown = await t.app.inject({ method: 'DELETE', url: '/api/v1/bookings/x/y/z' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
  });

  it.each(PROBLEM_CASES)('answers %s with a %i problem', async (_, status, code, request) => {
    const headers = { ...t.asAdmin, ...(request.headers as Record<string, string>) };
    expectProblem(await t.app.inject({ ...request, headers }), status, code);
  });

  it('points at the offending query parameter', async () => {
    const tooMany = body(await t.app.inject({ url: '/api/v1/specialties?limit=101' }));
    expect(tooMany.errors).toEqual([{ path: '/query/limit', message: 'must be <= 100' }]);
    const unknown = body(await t.app.inject({ url: '/api/v1/specialties?colour=red' }));
    expect(unknown.errors).toEqual([
      { path: '/query/colour', message: 'is not an allowed property' },
    ]);
  });

  it('answers a forged cursor with 400 on /query/cursor, never a 500', async () => {
    for (const id of ['not-a-uuid', '0'.repeat(36)]) {
      const cursor = encodeCursor({ sort: 'name', value: 'A', id });
      const response = await t.app.inject({ url: `/api/v1/specialties?cursor=${cursor}` });
      const problem = expectProblem(response, 400, 'invalid-cursor');
      expect(problem).toMatchObject({ errors: [{ path: '/query/cursor' }] });
    }
  });

  it('names every request with its own id, and echoes a sent x-request-id as x-correlation-id', async () => {
    const response = await t.app.inject({
      url: '/api/v1/specialties?limit=0',
      headers: { 'x-request-id': 'gateway-trace.42' },
    });
    const problem = expectProblem(response, 400);
    expect(problem.requestId).toMatch(UUID);
    expect(response.headers['x-correlation-id']).toBe('gateway-trace.42');
    // Two requests sending one id are still two requests.
    const ok = await t.app.inject({
      url: '/api/v1/specialties',
      headers: { 'x-request-id': 'gateway-trace.42' },
    });
    expect(ok.headers['x-request-id']).toMatch(UUID);
    expect(ok.headers['x-request-id']).not.toBe(problem.requestId);
    expect(ok.headers['x-correlation-id']).toBe('gateway-trace.42');
  });

  it('never lets an x-request-id into a body, and drops one that is not a short printable value', async () => {
    const markup = 'x"><script>alert(1)</script>';
    const response = await t.app.inject({
      url: '/api/v1/no-such-resource',
      headers: { 'x-request-id': markup },
    });
    expect(expectProblem(response, 404).requestId).toMatch(UUID);
    expect(response.body).not.toContain('<script>');
    for (const dropped of ['a'.repeat(129), 'two words', 'caf\u00e9']) {
      const answer = await t.app.inject({
        url: '/api/v1/specialties',
        headers: { 'x-request-id': dropped },
      });
      expect(answer.headers['x-correlation-id'], dropped).toBeUndefined();
    }
  });
});

describe('security headers and caching', () => {
  const apiResponses: [string, InjectOptions][] = [
    ['a list', { url: '/api/v1/specialties' }],
    ['a validation problem', { url: '/api/v1/specialties?limit=101' }],
    ['an authentication problem', { method: 'POST', url: '/api/v1/specialties', payload: {} }],
    ['a framework problem raised before routing', { url: '/api/v1/specialties/%E0%A4%A' }],
  ];

  it.each(apiResponses)('sets them on %s under /api/v1', async (_, request) => {
    const response = await t.app.inject(request);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sets no-store on a created resource', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: t.asAdmin,
      payload: { name: 'Cache Control Studies' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('CORS', () => {
  it('allows a configured origin', async () => {
    const response = await t.app.inject({
      url: '/api/v1/specialties',
      headers: { origin: ALLOWED_ORIGIN },
    });
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers['access-control-expose-headers']).toContain('x-request-id');
    expect(response.headers['access-control-expose-headers']).toContain('x-correlation-id');
  });

  it('answers a preflight from a configured origin', async () => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/specialties',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('lets a configured origin read a refusal, so its page can ask the user to log in', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: { origin: ALLOWED_ORIGIN },
      payload: { name: 'Anonymous' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('does not allow any other origin', async () => {
    for (const method of ['GET', 'OPTIONS'] as const) {
      const response = await t.app.inject({
        method,
        url: '/api/v1/specialties',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('errors thrown inside routes', () => {
  const SECRET = 'patient Jane Roe, MRN 0042';
  const logLines: string[] = [];
  let faulty: FastifyInstance;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    faulty = await buildApp({
      config: t.config,
      database: t.database,
      logger: pino(loggerOptions('info'), stream), // the production logger configuration
    });
    const route = { config: { access: Public } };
    faulty.get('/test/throw', route, async () => {
      throw new Error(`cannot render ${SECRET}`);
    });
    faulty.get('/test/sql', route, async () => {
      await t.database.db.execute(sql`select * from no_such_table where note = ${SECRET}`);
      return {};
    });
    faulty.get('/test/throw-null', route, async () => {
      throw null;
    });
    await faulty.ready();
  });
  afterAll(() => faulty.close());

  /** A 500 problem that says nothing of what went wrong inside. */
  function expectOpaque500(response: LightMyRequestResponse) {
    const problem = expectProblem(response, 500, 'internal');
    expect(Object.keys(problem).sort()).toEqual(PROBLEM_KEYS);
    expect(problem).toMatchObject({ detail: 'An unexpected error occurred' });
    expect(response.body).not.toMatch(/Jane|0042|no_such_table|select|stack|\.ts:\d/i);
  }

  it('answers an Error thrown deep in a route with a 500 that discloses nothing', async () => {
    expectOpaque500(await faulty.inject({ url: '/test/throw' }));
  });

  it('answers a failed query with a 500 that shows neither SQL nor parameters', async () => {
    expectOpaque500(await faulty.inject({ url: '/test/sql' }));
  });

  it('answers a thrown null with a 500 problem like any other error', async () => {
    expectOpaque500(await faulty.inject({ url: '/test/throw-null' }));
  });

  it('logs a failed query once with the request id and SQLSTATE, never its parameters', async () => {
    logLines.length = 0;
    const response = await faulty.inject({
      url: '/test/sql',
      headers: { 'x-request-id': 'log-check-1' },
    });
    expect(response.statusCode).toBe(500);
    const failures = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestId: response.headers['x-request-id'],
      correlationId: 'log-check-1',
      err: { message: 'database query failed', cause: { code: '42P01' } },
    });
    expect((failures[0]!.err as { query?: string }).query).toContain('no_such_table');
    expect(logLines.join('')).not.toContain('Jane');
  });
});
