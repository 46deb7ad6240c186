import swagger from '@fastify/swagger';
import { Count, INT32_MAX, Int32, Problem } from '@medsync/contracts';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Public, publicScope } from './access.js';

export const API_TAGS = [
  {
    name: 'directory',
    description: 'Specialties, locations, doctors and diagnostics of the network',
  },
  { name: 'auth', description: 'Registration, sign-in, tokens and passwords' },
  { name: 'patients', description: 'Patient profiles, within the caller’s scope' },
  { name: 'accounts', description: 'Doctor, staff and admin accounts (admins only)' },
  { name: 'audit', description: 'Who accessed a patient’s record' },
  { name: 'scheduling', description: 'Free slots of doctors and diagnostics' },
  { name: 'schedules', description: 'Doctors’ weekly hours, time off and extra hours' },
  { name: 'bookings', description: 'Bookings and their status, within the caller’s scope' },
  { name: 'visits', description: 'Visit notes and diagnoses, within the caller’s scope' },
  { name: 'documents', description: 'Result documents: uploads, downloads and imports' },
  { name: 'ratings', description: 'Patients’ ratings of doctors, their moderation and import' },
  { name: 'prescriptions', description: 'Prescriptions written in visits, and their revisions' },
  {
    name: 'results',
    description: 'Diagnostic reports, their observations, release and critical values',
  },
  { name: 'operations', description: 'Health and readiness probes' },
];

const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Relative: the API serves this document itself, so its own origin is the server in every
// deployment and behind any proxy, with no setting that could disagree with it. `x-internal`
// says who it is for (OWASP API9): the public.
const THIS_SERVER = {
  url: '/',
  description: 'The server that served this document: local, staging or production',
  'x-internal': false,
};
const SERVERS: { url: string; description: string }[] = [THIS_SERVER];

/** OpenAPI 3.1 at /openapi.json, interactive reference at /docs. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MedSync API',
        version,
        description:
          'Booking, records and pharmacy for a network of medical clinics. Every error is an ' +
          'RFC 9457 problem (`application/problem+json`); lists take `limit` (max 100) and an ' +
          'opaque `cursor`; money is a decimal string plus a currency code. Browsers on other ' +
          'origins are refused unless the deployment lists their origin in `CORS_ORIGINS`; ' +
          'answers to those origins carry `Access-Control-Allow-Origin`.',
      },
      servers: SERVERS,
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          // The browser session routes (/auth/session/*): a cookie, checked with a CSRF token.
          refreshCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'medsync_refresh',
            description: 'HttpOnly refresh-token cookie set by POST /api/v1/auth/session',
          },
          csrfToken: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description:
              'From GET /api/v1/auth/csrf, checked against the `medsync_csrf` cookie it sets',
          },
        },
      },
    },
    // A query parameter with a default may be omitted: TypeBox lists it as required.
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const doc = documentObject.openapiObject;
      for (const item of Object.values(doc.paths ?? {})) {
        for (const operation of Object.values(item ?? {})) {
          const parameters = (operation as { parameters?: unknown[] })?.parameters ?? [];
          for (const p of parameters as { in?: string; required?: boolean; schema?: object }[]) {
            if (p.in === 'query' && p.schema && 'default' in p.schema) p.required = false;
          }
        }
      }
      return doc;
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/openapi.json', { config: { access: Public }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  await app.register(async (docs) => {
    publicScope(docs);
    // The reference page runs its own inline bootstrap and fetches /openapi.json: it gets a CSP of
    // its own, looser than the API's `default-src 'none'` but still same-origin only.
    docs.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    await docs.register(scalar, {
      routePrefix: '/docs',
      configuration: {
        url: '/openapi.json',
        title: 'MedSync API',
        // A reference for integrators: no vendor toolbars, AI chat or hosted services.
        showDeveloperTools: 'never',
        agent: { disabled: true },
      },
      logLevel: 'warn',
    });
  });
}

/** A problem response for the OpenAPI document; the error handler writes the body. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
});

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What @fastify/rate-limit sends on every answer of a route it limits (`config.rateLimit`). */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': Count('Requests allowed in the current window'),
  'X-RateLimit-Remaining': Count('Requests left in the current window'),
  'X-RateLimit-Reset': Count('Seconds until the window starts again'),
};
/** Sent with every 429 and 503 (`http/problem.ts`). */
const RETRY_AFTER = {
  'Retry-After': Int32(1, INT32_MAX, { description: 'Seconds to wait before retrying' }),
};

/**
 * The headers each documented response carries. A limited route's limiter runs after the access
 * check, so the 401 and 403 of a route that needs a role come without the limiter's headers.
 */
function withHeaders(route: RouteOptions, responses: Record<string, unknown>): void {
  const limited = Boolean(route.config?.rateLimit);
  const access = route.config?.access;
  const gated = Boolean(access && !('public' in access));
  for (const [key, response] of Object.entries(responses)) {
    const status = Number(key);
    const counted = status < 300 || (status >= 400 && status < 500);
    const headers = {
      ...(limited && counted && !(gated && (status === 401 || status === 403))
        ? RATE_LIMIT_HEADERS
        : {}),
      ...(status === 429 || status === 503 ? RETRY_AFTER : {}),
    };
    if (Object.keys(headers).length > 0) {
      responses[key] = { ...(response as object), headers };
    }
  }
}

/** onRoute hook: documents the problem responses each route can give, from its shape and policy. */
export function documentProblemResponses(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema || schema.hide) return;
  const responses: Record<string, unknown> = { ...(schema.response as object) };
  const add = (status: number, description: string) => {
    responses[status] ??= problemResponse(description);
  };
  if (schema.querystring || schema.params || schema.body) {
    add(400, 'Invalid request; `errors` lists each bad field');
  }
  const access = route.config?.access;
  if (access && !('public' in access)) {
    add(401, 'Missing or invalid credentials');
    add(403, 'The caller’s role may not do this');
  }
  if (schema.params) add(404, 'No such resource');
  const methods = [route.method].flat();
  if (methods.some((m) => WRITE_METHODS.has(m))) add(409, 'Conflicts with the current state');
  if (schema.body) {
    add(422, 'Well-formed but refused; `errors` names each field');
    add(413, 'Body larger than the limit');
    add(415, 'Body is not application/json');
  }
  if (route.config?.rateLimit) add(429, 'Too many requests; retry after `Retry-After` seconds');
  add(500, 'Unexpected error; no internals are disclosed');
  add(503, 'Temporarily unavailable; retry after `Retry-After` seconds');
  withHeaders(route, responses);
  route.schema = { ...schema, response: responses };
}
