import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// Browser sessions: cookies, and the CSRF double-submit check of the routes that read them.

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_COOKIE = 'medsync_csrf';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a cookie set on this answer must be `Secure`: always, except over plain HTTP to a
 * loopback host, where browsers would drop it (local development without TLS).
 */
export function secureCookies(request: FastifyRequest): boolean {
  return request.protocol === 'https' || !LOOPBACK.has(request.hostname.toLowerCase());
}

/**
 * Cookie parsing for every route, and `reply.generateCsrf()` / `app.csrfProtection` for the
 * session routes under `path`: the secret lives in a signed HttpOnly cookie scoped to `path`,
 * the token derived from it comes back in the `x-csrf-token` header.
 */
export async function registerCookies(
  app: FastifyInstance,
  options: { secret: string; path: string },
): Promise<void> {
  await app.register(cookie, { secret: options.secret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: options.path, httpOnly: true, sameSite: 'strict', signed: true },
    getToken: (request) => request.headers[CSRF_HEADER] as string | undefined,
  });
}
