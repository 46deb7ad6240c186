import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import Fastify, { type HTTPMethods, type RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctors } from '../../src/db/schema/index.js';
import { closeQueryStrings, validatorCompiler } from '../../src/http/validation.js';
import type { Role } from '../../src/shared/actor.js';
import { body, createTestApp, expectProblem, type TestApp } from '../support/app.js';
import { makeLocation, makeSpecialty } from '../support/factories.js';
import { makeAccount } from '../support/identities.js';

// SECURITY.md items 6 and 8: a parameter a route does not declare is refused, never ignored, on
// every route (an `onRoute` hook gives a route without a querystring schema `NoQuery`), so a new
// route is covered the moment it exists. The two catch-all routes are the exceptions: the CORS
// preflight, whose URL, query included, is that of the request it asks about, and the web app's
// pages (`GET *`), whose query is read by the app's own router, never by the server.
// Order: the access policy runs in an onRequest hook, before Fastify validates anything, so a
// caller the policy refuses gets its 401/403 whatever the query; Fastify then validates the path
// parameters, the body and the query in that order and reports the first part that fails.

const UNEXPECTED = { path: '/query/unexpected', message: 'is not an allowed property' };

let t: TestApp;
let routes: RouteOptions[];
const headersOf: Partial<Record<Role, { authorization: string }>> = {};
/** What the browser-session routes admit besides their policy: a CSRF token and its cookie. */
let csrf: { 'x-csrf-token': string; cookie: string };
beforeAll(async () => {
  t = await createTestApp();
  routes = t.app.registeredRoutes().filter((r) => r.url !== '*');
  for (const role of ['patient', 'doctor', 'staff', 'admin'] as const) {
    headersOf[role] = (await makeAccount(t.database.db, t.tokens, role)).headers;
  }
  const issued = await t.app.inject({ url: '/api/v1/auth/csrf' });
  const secret = String(issued.headers['set-cookie']).split(';', 1)[0]!;
  csrf = { 'x-csrf-token': body<{ csrfToken: string }>(issued).csrfToken, cookie: secret };
});
afterAll(() => t.close());

const methodsOf = (route: RouteOptions) => [route.method].flat() as HTTPMethods[];
const label = (route: RouteOptions) => `${methodsOf(route).join(',')} ${route.url}`;
/** A concrete URL with an unknown parameter: every `:param` a fresh UUID. */
const probe = (url: string) => `${url.replace(/:[A-Za-z]+/g, () => randomUUID())}?unexpected=1`;
/** Headers of a caller the route's policy (and CSRF check, where it has one) admits. */
function admitted(route: RouteOptions) {
  const access = route.config!.access!;
  const security = (route.schema?.security ?? []) as Record<string, unknown>[];
  if (security.some((requirement) => 'csrfToken' in requirement)) return csrf;
  return 'public' in access ? {} : headersOf[access.roles[0]!];
}

describe('query strings', () => {
  it('are closed on every registered route: its query validator refuses an unknown parameter', () => {
    const compile = validatorCompiler();
    expect(routes.length).toBeGreaterThan(50);
    const open = routes.filter((route) => {
      const schema = route.schema?.querystring;
      if (!schema) return true;
      const validate = compile({
        schema,
        method: String(route.method),
        url: route.url,
        httpPart: 'querystring',
      });
      return validate({ unexpected: '1' }) !== false;
    });
    expect(open.map(label)).toEqual([]);
  });

  it('refuse to start with a route whose declared query takes any parameter', () => {
    const app = Fastify();
    app.addHook('onRoute', closeQueryStrings);
    const loose = { querystring: Type.Object({ q: Type.String() }) };
    expect(() => app.get('/loose', { schema: loose }, async () => ({}))).toThrow(
      'GET /loose: its querystring must refuse unknown parameters',
    );
  });

  it('answer 400 naming /query/unexpected on every route without a body, for an admitted caller', async () => {
    const wrong: string[] = [];
    const bodiless = routes.filter((route) => !route.schema?.body);
    expect(bodiless.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/health',
        '/ready',
        '/docs/',
        '/openapi.json',
        '/api/v1/doctors/:id',
      ]),
    );
    for (const route of bodiless) {
      for (const method of methodsOf(route)) {
        const response = await t.app.inject({
          method,
          url: probe(route.url),
          headers: admitted(route),
        });
        const isProblem = /^application\/problem\+json/.test(
          String(response.headers['content-type']),
        );
        // A HEAD answer has no body: its status and type are all there is to check.
        const errors: unknown[] =
          method === 'HEAD' || !isProblem ? [UNEXPECTED] : (body(response).errors as unknown[]);
        const named = errors.some((e) => JSON.stringify(e) === JSON.stringify(UNEXPECTED));
        if (response.statusCode !== 400 || !isProblem || !named) {
          wrong.push(
            `${method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answer 400 on create routes with a valid body, and nothing is written', async () => {
    const specialty = await makeSpecialty(t.database.db);
    const location = await makeLocation(t.database.db);
    const doctorCount = async () =>
      (await t.database.db.select({ n: count() }).from(doctors))[0]!.n;
    const before = await doctorCount();
    const cases: [string, Record<string, unknown>][] = [
      [
        '/api/v1/doctors',
        {
          fullName: 'Dr. Query',
          price: '10.00',
          specialtyId: specialty.id,
          locationId: location.id,
        },
      ],
      [
        '/api/v1/accounts',
        { email: 'query@example.test', password: 'correct horse battery staple', role: 'admin' },
      ],
      ['/api/v1/auth/password-reset', { email: 'query@example.test' }],
      ['/api/v1/specialties', { name: 'Querology' }],
    ];
    for (const [url, payload] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: `${url}?unexpected=1`,
        headers: headersOf.admin,
        payload,
      });
      // Fastify reports the first part that fails: only the query here, so the body was valid.
      expect(expectProblem(response, 400, 'validation-failed').errors, url).toEqual([UNEXPECTED]);
    }
    expect(await doctorCount()).toBe(before);
  });

  it('are checked after the access policy: an anonymous caller of a protected route gets 401', async () => {
    const response = await t.app.inject({
      url: '/api/v1/accounts/00000000-0000-4000-8000-000000000000?unexpected=1',
    });
    expectProblem(response, 401, 'unauthenticated');
  });

  it('keep the CORS preflight, /docs, its assets and /openapi.json working', async () => {
    const redirect = await t.app.inject({ url: '/docs' });
    expect(redirect.headers.location).toBe('/docs/');
    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const assets = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await t.app.inject({ url: new URL(asset, 'http://x/docs/').pathname });
      expect(response.statusCode, asset).toBe(200);
    }
    expect((await t.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/doctors?limit=10',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).not.toBe(400);
  });

  it('declare a 400 in the OpenAPI document for every operation', async () => {
    const doc = body<{ paths: Record<string, Record<string, { responses: object }>> }>(
      await t.app.inject({ url: '/openapi.json' }),
    );
    const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => !('400' in operation.responses))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
