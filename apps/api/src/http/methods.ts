import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * Which methods each registered path answers, so that a request for a path that exists with a
 * method it does not support gets 405 and an `Allow` header rather than a 404 (RFC 9110 §15.5.6):
 * `DELETE /prescriptions/{id}` says "clinical records are never deleted", not "no such thing".
 * The routes are matched by a router of their own, built from the same patterns as the app's.
 */
export class MethodIndex {
  private readonly router = FindMyWay({ maxParamLength: 200 });
  private readonly methods = new Set<HTTPMethod>();

  /** onRoute hook. Wildcard routes (CORS preflight `OPTIONS *`) match every path and are left out. */
  track(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return;
      for (const method of [route.method].flat() as HTTPMethod[]) {
        this.methods.add(method);
        this.router.on(method, route.url, () => {});
      }
    });
  }

  /** The methods `path` (without its query) is served with, sorted; empty if none. */
  allowed(path: string): HTTPMethod[] {
    return [...this.methods].filter((m) => this.router.find(m, path) !== null).sort();
  }
}
