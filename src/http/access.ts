import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { Forbidden, Unauthorized } from '../shared/errors.js';

// Every route declares who may call it in `config.access`; the app refuses to start otherwise.
// Identity is resolved by an Authenticator; the accounts issue (#3) replaces the interim one
// below with signed access tokens without touching any route.

export type Role = 'patient' | 'doctor' | 'staff' | 'admin';

export interface Identity {
  readonly subject: string;
  readonly role: Role;
}

export type AccessPolicy = { readonly public: true } | { readonly roles: readonly Role[] };

export const Public: AccessPolicy = { public: true };
export const AdminOnly: AccessPolicy = { roles: ['admin'] };

export type Authenticator = (request: FastifyRequest) => Identity | null;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessPolicy;
  }
  interface FastifyRequest {
    identity: Identity | null;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Interim: a bearer token equal to ADMIN_API_KEY is the admin; no key configured, no admin. */
export function adminKeyAuthenticator(adminApiKey: string | null): Authenticator {
  const expected = adminApiKey ? digest(adminApiKey) : null;
  return (request) => {
    const header = request.headers.authorization;
    if (!expected || typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
    return timingSafeEqual(digest(header.slice(7)), expected)
      ? { subject: 'admin-api-key', role: 'admin' }
      : null;
  };
}

function describeForOpenApi(route: RouteOptions): void {
  const access = route.config?.access;
  if (!access || 'public' in access || !route.schema) return;
  route.schema = {
    ...route.schema,
    security: [{ bearerAuth: [] }],
    description: [route.schema.description, `Requires role: ${access.roles.join(' or ')}.`]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * Checks every route's declared policy on each request, before the body is read.
 * Routes registered by plugins inside `publicScope` are public (API docs).
 */
export function registerAccessControl(app: FastifyInstance, authenticate: Authenticator): void {
  const routes: RouteOptions[] = [];
  app.decorateRequest('identity', null);
  app.addHook('onRoute', (route) => {
    routes.push(route);
    describeForOpenApi(route);
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => !r.config?.access);
    if (undeclared.length > 0) {
      const names = undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ');
      throw new Error(`routes without an access policy: ${names}`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return; // no route matched, or public
    const identity = authenticate(request);
    if (!identity) throw new Unauthorized('unauthenticated', 'Valid credentials are required');
    if (!access.roles.includes(identity.role)) {
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
