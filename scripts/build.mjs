// `npm run build`: compiles the workspace's TypeScript (packages/contracts, apps/api) into each
// package's dist/ with esbuild, a production dependency, so that a clone installed with
// `npm ci --omit=dev` builds on its first `npm start`; and builds the web app (apps/web) with
// Vite, a development dependency: an install without it serves the web app's dist/ if one was
// built before (a container image builds it in its build stage), else the API alone. Transpiles only: the type check is
// `npm run typecheck` (CI). `--if-stale` (used by `npm start` and the CLIs) skips the build when
// dist/ is newer than every source, and when there are no sources (a container image ships dist/
// alone), so that an installed copy starts without writing to its own files.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const PACKAGES = ['packages/contracts', 'apps/api'];
const STAMP = '.build-stamp';
const ifStale = process.argv.includes('--if-stale');

/** The package's compiled sources (tests excluded) and the folders holding them. */
function sourcesOf(dir) {
  const src = join(root, dir, 'src');
  if (!existsSync(src)) return null;
  const entries = readdirSync(src, { recursive: true }).map((p) => join(src, p));
  return {
    files: entries.filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts')),
    // A deleted or renamed file changes its folder's mtime: counted, so the build notices.
    watched: [
      src,
      ...entries.filter((p) => !p.endsWith('.test.ts')),
      join(root, dir, 'tsconfig.json'),
    ],
  };
}

function isCurrent(dir, sources) {
  const stamp = join(root, dir, 'dist', STAMP);
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return sources.watched.every((p) => statSync(p).mtimeMs <= built);
}

const startedAt = performance.now();
const built = [];
for (const dir of PACKAGES) {
  const sources = sourcesOf(dir);
  const name = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name;
  if (!sources) {
    if (!existsSync(join(root, dir, 'dist'))) {
      console.error(`build: ${dir} has neither src/ nor dist/`);
      process.exit(1);
    }
    continue; // an image or archive with dist/ only
  }
  if (ifStale && isCurrent(dir, sources)) continue;
  const outdir = join(root, dir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: sources.files,
    outdir,
    outbase: join(root, dir, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    tsconfig: join(root, dir, 'tsconfig.json'),
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, STAMP), `${new Date().toISOString()}\n`);
  built.push(`${name} (${sources.files.length} files)`);
}
await buildWebApp();
if (built.length > 0) {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.error(`built ${built.join(' and ')} into dist/ in ${seconds} s`);
}

/** The web app, when its sources changed since the last build and Vite is installed. */
async function buildWebApp() {
  const dir = 'apps/web';
  const src = join(root, dir, 'src');
  if (!existsSync(src)) return;
  const inputs = [
    src,
    ...readdirSync(src, { recursive: true }).map((p) => join(src, p)),
    join(root, dir, 'index.html'),
    join(root, dir, 'vite.config.ts'),
    join(root, dir, 'public'),
  ].filter((p) => existsSync(p));
  const stamp = join(root, dir, 'dist', STAMP);
  const current =
    existsSync(stamp) && inputs.every((p) => statSync(p).mtimeMs <= statSync(stamp).mtimeMs);
  if (ifStale && current) return;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    if (!existsSync(join(root, dir, 'dist', 'index.html'))) {
      console.error('build: Vite is not installed (npm ci --omit=dev): the web app is not built');
    }
    return;
  }
  await vite.build({ root: join(root, dir), logLevel: 'warn' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  built.push('@medsync/web');
}
