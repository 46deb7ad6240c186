import type { FastifyInstance } from 'fastify';
import { Authenticated } from '../../src/http/access.js';
import { identityOf } from '../../src/shared/actor.js';
import type { TestApp } from './app.js';

// A test-only route any signed-in role may call: 200 with the caller's identity means the
// access token was accepted.

export const WHOAMI_URL = '/test/whoami';

/** Adds the probe: pass it as createTestApp's `extend`. */
export function addWhoami(app: FastifyInstance): void {
  app.get(WHOAMI_URL, { config: { access: Authenticated } }, (request) => identityOf(request));
}

/** Calls the probe with `accessToken` as the bearer. */
export const whoami = (t: TestApp, accessToken: string) =>
  t.app.inject({ url: WHOAMI_URL, headers: { authorization: `Bearer ${accessToken}` } });
