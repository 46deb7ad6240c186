import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../support/app.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Response {
  content?: Record<string, { schema?: { $ref?: string } }>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
}
interface OpenApiDocument {
  openapi: string;
  servers?: { url: string; description?: string; 'x-internal'?: boolean }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let t: TestApp;
let doc: OpenApiDocument;
let operations: { method: string; path: string; operation: Operation }[];
beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  doc = body<OpenApiDocument>(response);
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
});
afterAll(() => t.close());

const apiOperations = () => operations.filter((o) => o.path.startsWith('/api/v1/'));
const label = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;

/** Every `$ref` anywhere in the document. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
  );
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(doc) as unknown as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has only references that resolve inside it', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty([ref.split('/').at(-1)!]);
    }
  });

  it('documents the directory API', () => {
    expect(apiOperations().map(label)).toEqual(
      expect.arrayContaining(['GET /api/v1/specialties', 'POST /api/v1/specialties']),
    );
  });

  it('gives every operation a unique camelCase operationId, for generated clients', () => {
    const ids = operations.map((o) => o.operation.operationId);
    for (const [i, o] of operations.entries()) {
      expect(ids[i], label(o)).toMatch(/^[a-z][a-z]*(?:[A-Z][a-z]*)*$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['listDoctors', 'getDoctor', 'createBooking', 'cancelBooking']),
    );
  });

  it('names its own origin as the server, for the public', () => {
    expect(doc.servers).toEqual([
      { url: '/', description: expect.stringMatching(/production/), 'x-internal': false },
    ]);
  });

  it('gives every /api/v1 operation a summary and a declared tag', () => {
    const declared = (doc.tags ?? []).map((tag) => tag.name);
    for (const o of apiOperations()) {
      expect(o.operation.summary, label(o)).toEqual(expect.any(String));
      expect(o.operation.summary!.length, label(o)).toBeGreaterThan(0);
      expect(o.operation.tags?.length, label(o)).toBeGreaterThan(0);
      for (const tag of o.operation.tags ?? []) expect(declared, label(o)).toContain(tag);
    }
  });

  it('gives every /api/v1 operation a 2xx response and problem responses including 400 and 500', () => {
    for (const o of apiOperations()) {
      const statuses = Object.keys(o.operation.responses);
      expect(
        statuses.some((s) => /^2\d\d$/.test(s)),
        label(o),
      ).toBe(true);
      expect(statuses, label(o)).toEqual(expect.arrayContaining(['400', '500']));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const content = o.operation.responses[status]!.content ?? {};
        expect(Object.keys(content), `${label(o)} ${status}`).toEqual(['application/problem+json']);
        expect(content['application/problem+json']!.schema).toEqual({
          $ref: '#/components/schemas/Problem',
        });
      }
    }
  });

  it('declares security on exactly the operations that refuse an anonymous caller', async () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    let secured = 0;
    let csrfChecked = 0;
    for (const o of operations) {
      const response = await t.app.inject({
        method: o.method.toUpperCase() as HTTPMethods,
        url: o.path.replace(/\{[^}]+\}/g, () => randomUUID()),
      });
      const refusesAnonymous = response.statusCode === 401;
      if (refusesAnonymous) secured++;
      // The browser-session routes are public but check a CSRF token first (403 without one).
      const refusesWithoutCsrf =
        response.statusCode === 403 &&
        response.json<{ code?: string }>().code === 'csrf-token-invalid';
      if (refusesWithoutCsrf) {
        csrfChecked++;
        const requirements = o.operation.security ?? [];
        expect(requirements.length, label(o)).toBeGreaterThan(0);
        expect(
          requirements.every((r) => 'csrfToken' in r && !('bearerAuth' in r)),
          label(o),
        ).toBe(true);
        continue;
      }
      expect(o.operation.security ?? null, label(o)).toEqual(
        refusesAnonymous ? [{ bearerAuth: [] }] : null,
      );
    }
    expect(secured).toBeGreaterThan(0);
    expect(csrfChecked).toBe(3);
  });

  it('documents the rate-limit headers on exactly the answers that carry them', async () => {
    const LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
    const documented = (o: (typeof operations)[number], status: number) =>
      Object.keys(o.operation.responses[String(status)]?.headers ?? {});
    let limited = 0;
    for (const o of operations) {
      for (const [status, response] of Object.entries(o.operation.responses)) {
        if (status === '429' || status === '503') {
          expect(Object.keys(response.headers ?? {}), `${label(o)} ${status}`).toContain(
            'Retry-After',
          );
        }
      }
      // An anonymous call without a body: what the limiter adds to it must be what is documented.
      const response = await t.app.inject({
        method: o.method.toUpperCase() as HTTPMethods,
        url: o.path.replace(/\{[^}]+\}/g, () => randomUUID()),
      });
      const sent = 'x-ratelimit-limit' in response.headers;
      if (sent) limited++;
      const expected = documented(o, response.statusCode);
      expect(o.operation.responses, label(o)).toHaveProperty([String(response.statusCode)]);
      expect(
        LIMIT_HEADERS.every((h) => expected.includes(h)),
        label(o),
      ).toBe(sent);
      expect(
        LIMIT_HEADERS.some((h) => expected.includes(h)),
        label(o),
      ).toBe(sent);
    }
    expect(limited).toBeGreaterThan(0);
    // The per-account booking limit runs after the access check: its 201 carries the headers.
    const booking = operations.find((o) => o.operation.operationId === 'createBooking')!;
    expect(documented(booking, 201)).toEqual(expect.arrayContaining(LIMIT_HEADERS));
    expect(documented(booking, 429)).toEqual(expect.arrayContaining(LIMIT_HEADERS));
  });

  it('marks a query parameter with a default as optional', () => {
    const defaulted = operations.flatMap((o) =>
      (o.operation.parameters ?? [])
        .filter((p) => p.in === 'query' && p.schema && 'default' in p.schema)
        .map((p) => ({ at: `${label(o)} ?${p.name}`, required: p.required ?? false })),
    );
    expect(defaulted.length).toBeGreaterThan(0);
    expect(defaulted.filter((p) => p.required).map((p) => p.at)).toEqual([]);
  });
});

describe('/docs', () => {
  it('redirects to /docs/, which serves the HTML API reference', async () => {
    const redirect = await t.app.inject({ url: '/docs' });
    expect([301, 302, 307, 308]).toContain(redirect.statusCode);
    const location = redirect.headers.location;
    expect(location).toBe('/docs/');
    const page = await t.app.inject({ url: String(location) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html/i);
  });
});
