import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CsrfToken, NoContent, SignInBody, WebSession } from '@medsync/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, Public } from '../../http/access.js';
import { registerCookies, secureCookies } from '../../http/cookies.js';
import { problemResponse } from '../../http/openapi.js';
import { Unauthorized } from '../../shared/errors.js';
import type { AuthService, BrowserSession } from './service.js';

// Browser sessions (README, "Browser sessions"): the refresh token lives in an HttpOnly cookie
// that only /auth/session/* receives, and every cookie route needs the CSRF token.

export const REFRESH_COOKIE = 'medsync_refresh';

const tags = ['auth'];
const csrfRefused = problemResponse('Missing or wrong `x-csrf-token` (GET /auth/csrf gives one)');
const throttled = problemResponse('Too many attempts; `Retry-After` says when to try again');
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
const withCsrf = [{ csrfToken: [] }];
const withCookie = [{ refreshCookie: [], csrfToken: [] }];

export function webSessionRoutes(
  auth: AuthService,
  cookieSecret: string,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    const path = `${app.prefix}/auth/session`;
    await registerCookies(app, { secret: cookieSecret, path: `${app.prefix}/auth` });

    const cookieOf = (request: FastifyRequest) => request.cookies[REFRESH_COOKIE];
    const base = (request: FastifyRequest) =>
      ({ path, httpOnly: true, sameSite: 'strict', secure: secureCookies(request) }) as const;
    const sendSession = (request: FastifyRequest, reply: FastifyReply, grant: BrowserSession) =>
      reply
        .setCookie(REFRESH_COOKIE, grant.refreshToken, {
          ...base(request),
          maxAge: grant.maxAgeSeconds,
        })
        .send(grant.session);
    const clearCookie = (request: FastifyRequest, reply: FastifyReply) =>
      reply.setCookie(REFRESH_COOKIE, '', { ...base(request), maxAge: 0, expires: new Date(0) });

    app.get(
      '/auth/csrf',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getCsrfToken',
          summary: 'Get a CSRF token for the browser session routes',
          description:
            'Sets the `medsync_csrf` secret cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth) ' +
            'unless the browser has it, and answers a token derived from it. Send the token as ' +
            '`x-csrf-token` on every /auth/session request.',
          response: { 200: CsrfToken },
        },
      },
      async (request, reply) => ({
        csrfToken: reply.generateCsrf({ secure: secureCookies(request) }),
      }),
    );

    app.post(
      '/auth/session',
      {
        config: { access: Public },
        preValidation: app.csrfProtection,
        schema: {
          tags,
          operationId: 'createWebSession',
          summary: 'Sign in from a browser',
          description:
            'Signs in as /auth/sign-in does (same 401 and 429), but the refresh token is set as ' +
            'the `medsync_refresh` cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth/session, ' +
            'Secure except over plain HTTP to localhost) instead of being in the body.',
          security: withCsrf,
          body: SignInBody,
          response: {
            200: WebSession,
            401: problemResponse('Wrong credentials'),
            403: csrfRefused,
            429: throttled,
          },
        },
      },
      async (request, reply) =>
        sendSession(request, reply, await auth.startWebSession(actorOf(request), request.body)),
    );

    app.post(
      '/auth/session/refresh',
      {
        config: { access: Public, ...perMinute(60) },
        preValidation: app.csrfProtection,
        // A token that no longer works is of no use to the browser: the answer clears it.
        onError: async (request, reply, error) => {
          if (error instanceof Unauthorized) clearCookie(request, reply);
        },
        schema: {
          tags,
          operationId: 'refreshWebSession',
          summary: 'Exchange the session cookie for a new access token',
          description:
            'Rotates the `medsync_refresh` cookie as /auth/refresh rotates a refresh token: each ' +
            'works once, and presenting a used one again ends every session descended from the ' +
            'same sign-in. A 401 clears the cookie.',
          security: withCookie,
          response: {
            200: WebSession,
            401: problemResponse('No cookie, or an unknown, used, revoked or expired token'),
            403: csrfRefused,
            429: throttled,
          },
        },
      },
      async (request, reply) =>
        sendSession(
          request,
          reply,
          await auth.refreshWebSession(actorOf(request), cookieOf(request)),
        ),
    );

    app.delete(
      '/auth/session',
      {
        config: { access: Public, ...perMinute(60) },
        preValidation: app.csrfProtection,
        schema: {
          tags,
          operationId: 'deleteWebSession',
          summary: 'Sign out of this browser',
          description:
            'Ends the session the `medsync_refresh` cookie belongs to and clears the cookie. ' +
            'Without a cookie, or with one that no longer works, it only clears it.',
          security: [...withCookie, ...withCsrf],
          response: { 204: NoContent, 403: csrfRefused, 429: throttled },
        },
      },
      async (request, reply) => {
        await auth.endWebSession(actorOf(request), cookieOf(request));
        return clearCookie(request, reply).code(204).send(null);
      },
    );
  };
}
