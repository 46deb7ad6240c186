// The MedSync server the web benchmarks measure: the web app built when its sources changed
// (scripts/build.mjs --if-stale), then the browser tests' server (a fresh embedded database with
// the demo network and accounts), which serves the built app at /.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/browser/support/server.js';

export { DEMO_PASSWORD } from '../test/browser/support/server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Chromium as the browser tests use it: Debian's, no download. */
export { CHROMIUM_FLAGS, CHROMIUM_PATH, launchBrowser } from '../test/browser/support/browser.js';

export interface AppServer {
  /** Where the web app is served. */
  url: string;
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
    if (!(await servesTheApp(api.url))) throw new Error(`${api.url}/ does not serve the web app`);
    const demo = await firstDoctor(api.url);
    return { url: api.url, demo, stop: () => api.stop() };
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
