import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ServiceUnavailable } from '../shared/errors.js';
import { Public } from './access.js';

// The built web app (apps/web/dist, or WEB_DIST_DIR) at `/`: its files, and index.html for every
// other path outside the API so that the app's own routes (/doctors/123) load on a reload.

/** The app's pages: its own bundles only, no inline code, nothing from other origins. */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // react-aria inserts one fixed <style> for its pressable elements (touch-action); its hash
  // allows exactly that text. The smoke journey fails on any CSP report in the console.
  "style-src 'self' 'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Paths the API owns: an unknown one keeps the API's 404 or 405 problem, never the app's page.
const API_PATHS = /^\/(?:api(?:\/|$)|docs(?:\/|$)|openapi\.json$|health$|ready$)/;
// Vite names its bundles with a content hash: a changed file is a new URL, so caching is forever.
const HASHED = 'public, max-age=31536000, immutable';
// Only plain names can be files: no dot-files, empty segments or characters to decode twice.
const FILE_PATH = /^(?:\/[A-Za-z0-9_~@-][A-Za-z0-9._~@-]*)+$/;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // missing, or unreadable: not ours to serve
  }
}

/** The file `path` names inside `root`, as a path relative to it; null if it names none. */
async function fileAt(root: string, path: string): Promise<string | null> {
  if (!FILE_PATH.test(path)) return null;
  const absolute = resolve(root, `.${path}`);
  if (!absolute.startsWith(root + sep)) return null;
  return (await isFile(absolute)) ? path.slice(1) : null;
}

/** Serves the web app from `root`; a folder without index.html answers 503 for the app. */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  const dist = resolve(root);
  await app.register(async (web) => {
    // `serve: false`: no routes of its own, only `reply.sendFile` (ETag, ranges, HEAD, 304).
    await web.register(fastifyStatic, {
      root: dist,
      serve: false,
      cacheControl: false,
      // The build writes .br and .gz beside each text file: sent to browsers that accept them.
      preCompressed: true,
      index: false,
      suppressWarning: true, // not built yet is a normal state: the 503 says what to do
    });
    // No query schema: a page's query is the app's (closeQueryStrings leaves `*` routes open).
    const schema = { hide: true };
    // `*`, not `/*`: the same match, and the route tree lists it (find-my-way omits `/*`).
    web.get('*', { config: { access: Public }, schema }, async (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      if (API_PATHS.test(path)) return reply.callNotFound();
      const file = await fileAt(dist, path);
      if (!file && !(await isFile(resolve(dist, 'index.html')))) {
        throw new ServiceUnavailable(
          'web-app-not-built',
          'The web app has not been built; run `npm run build` and reload',
        );
      }
      reply.header('content-security-policy', WEB_APP_CSP);
      reply.header('cache-control', file?.startsWith('assets/') ? HASHED : 'no-cache');
      return reply.sendFile(file ?? 'index.html');
    });
  });
}
