import { randomUUID } from 'node:crypto';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { body, createTestApp, type TestApp } from '../support/app.js';

// Item 2 of SECURITY.md: every route declares its access policy; the app refuses to start if one
// does not. To enumerate every route with its options, each Fastify instance built in this file
// gets an onRoute hook the moment it is created, before buildApp registers anything.

const ROLES = ['patient', 'doctor', 'staff', 'admin'];
const silent = pino({ level: 'silent' });

let t: TestApp;
let routes: RouteOptions[];
beforeAll(async () => {
  t = await createTestApp();
  routes = [...t.app.registeredRoutes()];
});
afterAll(() => t.close());

/** A fresh app on the shared test database, closed by the caller. */
const appWith = (overrides: Partial<AppOptions> = {}) =>
  buildApp({ config: loadConfig({}), database: t.database, logger: silent, ...overrides });

const methodsOf = (route: RouteOptions) => [route.method].flat() as HTTPMethods[];
/** A concrete URL for a route pattern: every `:param` becomes a fresh UUID. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, () => randomUUID());
const isPublic = (route: RouteOptions) => route.config?.access && 'public' in route.config.access;

/** `METHOD /path` of every route printRoutes shows, from its tree (4 columns per level). */
function printedRoutes(app: FastifyInstance): Set<string> {
  const found = new Set<string>();
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) found.add(`${method} ${path}`);
  }
  return found;
}

describe('access policies', () => {
  it('refuses to start when a route declares no access policy, naming the route', async () => {
    const app = await appWith();
    app.get('/api/v1/undeclared', async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/access policy: .*GET \/api\/v1\/undeclared/);
    await app.close().catch(() => {});
  });

  it('finds every registered route', () => {
    const seen = new Set(
      routes.flatMap((route) => methodsOf(route).map((m) => `${m} ${route.url}`)),
    );
    expect(seen).toEqual(printedRoutes(t.app));
    expect(seen).toContain('POST /api/v1/specialties');
    expect(seen).toContain('GET /health');
  });

  it('has a policy on every registered route: public, or a non-empty list of known roles', () => {
    const undeclared = routes
      .filter((route) => {
        const access = route.config?.access;
        if (!access) return true;
        if ('public' in access) return access.public !== true;
        return access.roles.length === 0 || access.roles.some((role) => !ROLES.includes(role));
      })
      .map((route) => `${methodsOf(route).join(',')} ${route.url}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses every non-public route without credentials or with a wrong token (401)', async () => {
    const protectedRoutes = routes.filter((route) => !isPublic(route));
    expect(protectedRoutes.length).toBeGreaterThan(0);
    const wrong = [
      {},
      { authorization: 'Bearer not-the-admin-key-0123456789abcdef012345' },
      { authorization: `Bearer ${t.asAdmin.authorization.slice(7, -1)}` },
      { authorization: t.asAdmin.authorization.replace('Bearer ', 'Basic ') },
    ];
    for (const route of protectedRoutes) {
      for (const method of methodsOf(route)) {
        for (const headers of wrong) {
          const response = await t.app.inject({ method, url: concrete(route.url), headers });
          expect(response.statusCode, `${method} ${route.url}`).toBe(401);
          // HEAD answers carry no body; the status is the whole answer.
          if (method !== 'HEAD') {
            expect(body(response)).toMatchObject({ status: 401, code: 'unauthenticated' });
          }
        }
      }
    }
  });

  it('refuses an unauthenticated write before reading its body', async () => {
    const oversized = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(100_000) }),
    });
    expect(oversized.statusCode).toBe(401);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('lets an admin write', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      headers: t.asAdmin,
      payload: { name: 'Access Control Medicine' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('answers 403 to an authenticated caller whose role the policy does not list', async () => {
    const patient = {
      accountId: '0190b2c4-0000-7000-8000-000000000001',
      role: 'patient' as const,
      patientId: '0190b2c4-0000-7000-8000-000000000002',
      doctorId: null,
      locationIds: [],
    };
    const app = await appWith({ authenticate: async () => patient });
    await app.ready();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/specialties',
      payload: { name: 'Self-Appointed' },
    });
    expect(response.statusCode).toBe(403);
    expect(body(response)).toMatchObject({ status: 403, code: 'forbidden' });
    await app.close();
  });

  it('serves /openapi.json, /docs, /health and /ready to anyone', async () => {
    for (const url of ['/openapi.json', '/docs', '/docs/', '/health', '/ready']) {
      const route = routes.find((r) => r.url === url && methodsOf(r).includes('GET'));
      expect(route && isPublic(route), url).toBe(true);
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBeLessThan(400);
    }
  });
});
