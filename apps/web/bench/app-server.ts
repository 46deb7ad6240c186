// The MedSync server the web benchmarks measure: the web app built when its sources changed
// (scripts/build.mjs --if-stale), then the browser tests' server (a fresh embedded database with
// the demo network and accounts). When that server does not serve the web app itself (before the
// server side of the app is in), a small front server here serves apps/web/dist the way the API
// server is meant to (gzip, hashed assets cached for a year, index.html for every client route)
// and passes /api, /openapi.json and /docs through to it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startServer, type TestServer } from '../test/browser/support/server.js';

export { DEMO_PASSWORD } from '../test/browser/support/server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(ROOT, 'apps/web/dist');

/** Chromium as the browser tests use it: Debian's, no download. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export interface AppServer {
  /** Where the web app is served. */
  url: string;
  /** Who serves it: the API server itself, or the front server of this file. */
  servedBy: 'api' | 'front';
  /** The first demo doctor (GET /api/v1/doctors, default order) and their specialty. */
  demo: { doctorId: string; specialtyId: string };
  stop(): Promise<void>;
}

/** Builds what changed since the last build (the API's dist and the web app's). */
export function buildIfStale(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('scripts/build.mjs failed');
}

export async function startAppServer(): Promise<AppServer> {
  buildIfStale();
  const api = await startServer();
  try {
    const front = (await servesTheApp(api.url)) ? null : await startFront(api);
    const url = front?.url ?? api.url;
    const demo = await firstDoctor(api.url);
    return {
      url,
      servedBy: front ? 'front' : 'api',
      demo,
      stop: async () => {
        await front?.close();
        await api.stop();
      },
    };
  } catch (error) {
    await api.stop();
    throw error;
  }
}

async function servesTheApp(url: string): Promise<boolean> {
  const response = await fetch(`${url}/`);
  const body = await response.text();
  return (
    response.ok &&
    (response.headers.get('content-type') ?? '').startsWith('text/html') &&
    body.includes('id="root"')
  );
}

async function firstDoctor(apiUrl: string): Promise<AppServer['demo']> {
  const response = await fetch(`${apiUrl}/api/v1/doctors?limit=1`);
  if (!response.ok) throw new Error(`GET /api/v1/doctors: ${response.status}`);
  const page = (await response.json()) as { items: { id: string; specialty: { id: string } }[] };
  const doctor = page.items[0];
  if (!doctor) throw new Error('the demo network has no doctor');
  return { doctorId: doctor.id, specialtyId: doctor.specialty.id };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.webmanifest', '.txt']);
const TO_API = /^\/(api\/|openapi\.json|docs(\/|$)|ready$|health$)/;

interface Front {
  url: string;
  close(): Promise<void>;
}

async function startFront(api: TestServer): Promise<Front> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no index.html`);
  const target = new URL(api.url);
  const gzipped = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://front').pathname;
    if (TO_API.test(path)) return proxy(req, res, target);
    serveFile(req, res, path, gzipped);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502).end();
  });
  req.pipe(upstream);
}

function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  gzipped: Map<string, Buffer>,
): void {
  let file: string;
  try {
    file = normalize(join(DIST, decodeURIComponent(path)));
  } catch {
    file = ''; // a malformed escape
  }
  if (!file.startsWith(DIST + sep) && file !== DIST) {
    res.writeHead(400).end();
    return;
  }
  const isAsset = path.startsWith('/assets/');
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (isAsset) {
      res.writeHead(404).end();
      return;
    }
    file = join(DIST, 'index.html'); // a client route
  }
  const ext = extname(file);
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  let body: Buffer = readFileSync(file);
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const cached = gzipped.get(file) ?? gzipSync(body);
    gzipped.set(file, cached);
    body = cached;
    headers['content-encoding'] = 'gzip';
    headers.vary = 'accept-encoding';
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
