import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PROCESS_TEST_TIMEOUTS } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// `npm ci --omit=dev` installs `dependencies` only: everything the built code imports at run time
// must be one, and the npm scripts an operator runs must not call a dev-only binary. (The full
// path, a clone installed without dev dependencies, is test/process/production-install.)

const repo = (path = '') => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const manifest = (dir: string) =>
  JSON.parse(readFileSync(repo(`${dir}/package.json`), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };

const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s[^;"']*?from\s*["']([^"']+)["']|(?:^|[\n;])\s*import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** The packages (not files, not Node built-ins) that the JavaScript in `dir` imports. */
function packagesImportedBy(dir: string): Set<string> {
  const files = readdirSync(repo(dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => join(repo(dir), f));
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const name = specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
      if (!builtinModules.includes(name)) found.add(name);
    }
  }
  return found;
}

const PRODUCTION_SCRIPTS = [
  'start',
  'worker',
  'build',
  'db:migrate',
  'db:seed',
  'admin:create',
  'audit:verify',
];

/**
 * Imports that a production install may lack, each caught where it is made: the build script
 * builds the web app with Vite only when Vite is installed (a production install serves the
 * web app's dist/ built before, e.g. in the container image's build stage).
 */
const OPTIONAL_IMPORTS: Record<string, string[]> = { '.': ['vite'] };

describe('what a production install needs', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [repo('scripts/build.mjs'), '--if-stale']);
  });

  it.each([
    ['apps/api', 'apps/api/dist'],
    ['packages/contracts', 'packages/contracts/dist'],
    ['.', 'scripts'],
  ])('every package that %s imports at run time is in its dependencies', (pkg, dir) => {
    const dependencies = Object.keys(manifest(pkg).dependencies ?? {});
    const imported = [...packagesImportedBy(dir)];
    expect(imported.length).toBeGreaterThan(0);
    const optional = OPTIONAL_IMPORTS[pkg] ?? [];
    expect(
      imported.filter((name) => !dependencies.includes(name) && !optional.includes(name)),
    ).toEqual([]);
  });

  it('runs the operator npm scripts with node alone, never a dev-only binary', () => {
    const root = manifest('.');
    const devBinaries = ['tsc', 'tsx', 'vitest', 'drizzle-kit', 'biome', 'depcruise'];
    for (const name of PRODUCTION_SCRIPTS) {
      const script = root.scripts?.[name];
      expect({ name, script }).toEqual({ name, script: expect.any(String) });
      for (const command of script!.split('&&').map((c) => c.trim())) {
        expect({ name, command }).toEqual({ name, command: expect.stringMatching(/^node \S+/) });
        const words = command.split(/\s+/);
        expect(words.filter((w) => devBinaries.includes(w))).toEqual([]);
      }
    }
  });
});
