import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { type Actor, type Identity, ROLES, type Role } from '../shared/actor.js';
import { Forbidden, Unauthorized } from '../shared/errors.js';
import { correlationIdOf } from './logging.js';

// Every route declares who may call it in `config.access`; the app refuses to start otherwise.
// Which objects a caller may touch (their own records, their patients, their locations) is
// decided in the services, which answer another's object with the same 404 as a missing one.
// How a new route declares policy, object rule and audit event: see src/modules/README.md.

export type AccessPolicy = { readonly public: true } | { readonly roles: readonly Role[] };

export const Public: AccessPolicy = { public: true };
export const AdminOnly: AccessPolicy = { roles: ['admin'] };
export const Authenticated: AccessPolicy = { roles: ROLES };

/** Resolves the caller from the request's credentials; null when there are none or they fail. */
export type Authenticator = (request: FastifyRequest) => Promise<Identity | null>;

/**
 * What a route holding patient data touches, as its audit event names it: declared in
 * `config.patientData`, so that a caller its policy refuses (403) is recorded `denied` too.
 */
export interface PatientData {
  /** `<resource>.<verb>`, the action the service records for an admitted call. */
  readonly action: string;
  readonly resourceType: string;
  /** Which of the event's ids the route's `:id` fills (`/patients/:id`: both); default none. */
  readonly idIs?: readonly ('resourceId' | 'patientId')[];
}

/** The denial event of a role-gate refusal: ids only. */
export interface Denial {
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly patientId: string | null;
}

/** Records a denial for the audit trail; `app.ts` passes one built on the audit log. */
export type DenialRecorder = (actor: Actor, denial: Denial) => Promise<void>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessPolicy;
    /** Set on every route that holds patient data (src/modules/README.md, section 3). */
    patientData?: PatientData;
  }
  interface FastifyRequest {
    identity: Identity | null;
  }
  interface FastifyInstance {
    /** Every route with its options, as registered: for the startup check and route-wide tests. */
    registeredRoutes(): readonly RouteOptions[];
  }
}

export function actorOf(request: FastifyRequest): Actor {
  return {
    identity: request.identity,
    ip: request.ip,
    requestId: request.id,
    correlationId: correlationIdOf(request.headers),
  };
}

function describeForOpenApi(route: RouteOptions): void {
  const access = route.config?.access;
  if (!access || !route.schema || route.schema.hide) return;
  const gated = !('public' in access);
  const who = gated
    ? `Requires role: ${access.roles.join(' or ')}.`
    : 'Public: needs no credentials.';
  route.schema = {
    ...route.schema,
    ...(gated ? { security: [{ bearerAuth: [] }] } : {}),
    description: [route.schema.description, who].filter(Boolean).join('\n\n'),
  };
}

/**
 * Collects every route as it is registered and refuses to start if one declares no policy.
 * Call it before anything registers routes (plugins included), so that none escapes the check.
 */
export function requireDeclaredPolicies(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.decorate('registeredRoutes', () => [...routes]);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => !r.config?.access);
    if (undeclared.length > 0) {
      const names = undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ');
      throw new Error(`routes without an access policy: ${names}`);
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The denial of a patient-data route; an `:id` that is no UUID names no record, so none. */
function denialOf(request: FastifyRequest, data: PatientData): Denial {
  const raw = (request.params as Record<string, unknown> | undefined)?.id;
  const id = typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : null;
  const fills = (field: 'resourceId' | 'patientId') => (data.idIs?.includes(field) ? id : null);
  return {
    action: data.action,
    resourceType: data.resourceType,
    resourceId: fills('resourceId'),
    patientId: fills('patientId'),
  };
}

/**
 * Checks each request against its route's policy, before the body is read. Registered after the
 * security-header and CORS hooks, so that a 401 or 403 carries their headers too. A signed-in
 * caller refused by role on a route holding patient data is recorded through `recordDenial`
 * before the 403; a 401 names nobody and records nothing.
 */
export function enforcePolicies(
  app: FastifyInstance,
  authenticate: Authenticator,
  recordDenial: DenialRecorder,
): void {
  app.decorateRequest('identity', null);
  app.addHook('onRoute', describeForOpenApi);
  app.addHook('onRequest', async (request) => {
    const { access, patientData } = request.routeOptions.config;
    if (!access || 'public' in access) return; // no route matched, or public
    const identity = await authenticate(request);
    if (!identity) throw new Unauthorized('unauthenticated', 'Valid credentials are required');
    if (!access.roles.includes(identity.role)) {
      if (patientData) {
        await recordDenial({ ...actorOf(request), identity }, denialOf(request, patientData));
      }
      throw new Forbidden('forbidden', 'Your role may not perform this action');
    }
    request.identity = identity;
  });
}

/** Marks every route registered in this (encapsulated) scope as public: for third-party plugins. */
export function publicScope(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: Public };
  });
}

/** onRoute hook: CORS preflight (`OPTIONS *`, added by @fastify/cors) answers anyone by definition. */
export function markPreflightPublic(route: RouteOptions): void {
  if (route.method === 'OPTIONS' && route.url === '*') {
    route.config = { ...route.config, access: Public };
  }
}
