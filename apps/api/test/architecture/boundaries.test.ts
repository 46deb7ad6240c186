import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROCESS_TEST_TIMEOUTS } from '../support/scripts.js';

vi.setConfig(PROCESS_TEST_TIMEOUTS);

// The import rules of .dependency-cruiser.cjs (run in CI as `npm run boundaries`), proven on
// small trees laid out like the workspace: a clean one passes, each deliberate violation fails
// naming its rule. The last test runs the check on the real tree.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A well-layered tree: module `b` uses module `a` through its face; services use db and shared. */
const CLEAN: Record<string, string> = {
  'apps/api/src/shared/errors.ts': 'export const e = 1;\n',
  'apps/api/src/config.ts': "import { e } from './shared/errors.js';\nexport const c = e;\n",
  'apps/api/src/db/client.ts': "import { c } from '../config.js';\nexport const db = c;\n",
  'apps/api/src/http/access.ts': "import { db } from '../db/client.js';\nexport const p = db;\n",
  'apps/api/src/modules/a/repository.ts':
    "import { db } from '../../db/client.js';\nexport const r = db;\n",
  'apps/api/src/modules/a/index.ts': "export { r } from './repository.js';\n",
  'apps/api/src/modules/b/service.ts': "import { r } from '../a/index.js';\nexport const s = r;\n",
  'apps/api/src/modules/b/routes.ts':
    "import { p } from '../../http/access.js';\nimport { s } from './service.js';\nexport const x = [p, s];\n",
  'apps/api/src/modules/b/index.ts': "export { x } from './routes.js';\n",
  'apps/api/src/app.ts': "import { x } from './modules/b/index.js';\nexport const app = x;\n",
  'apps/api/src/server.ts': "import { app } from './app.js';\nexport default app;\n",
  'apps/api/test/b.test.ts':
    "import { s } from '../src/modules/b/service.js';\nexport default s;\n",
  'packages/contracts/src/index.ts': 'export const schema = 1;\n',
};

function check(files: Record<string, string>): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), 'boundaries-'));
  folders.push(folder);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(folder, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  return run(folder, ['apps', 'packages']);
}

function run(cwd: string, paths: string[]): { status: number | null; output: string } {
  const result = spawnSync(DEPCRUISE, [...paths, '--config', '.dependency-cruiser.cjs'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const VIOLATIONS: [string, Record<string, string>][] = [
  [
    'module-through-its-face',
    {
      'apps/api/src/modules/b/service.ts':
        "import { r } from '../a/repository.js';\nexport const s = r;\n",
    },
  ],
  [
    'outside-through-faces',
    {
      'apps/api/src/app.ts': "import { s } from './modules/b/service.js';\nexport const app = s;\n",
    },
  ],
  [
    'domain-without-http',
    {
      'apps/api/src/modules/b/service.ts':
        "import { p } from '../../http/access.js';\nexport const s = p;\n",
    },
  ],
  [
    'http-below-modules',
    {
      'apps/api/src/http/access.ts':
        "import { r } from '../modules/a/index.js';\nexport const p = r;\n",
    },
  ],
  [
    'db-below-modules',
    {
      'apps/api/src/db/client.ts': "import { p } from '../http/access.js';\nexport const db = p;\n",
    },
  ],
  [
    'shared-imports-nothing',
    {
      'apps/api/src/shared/errors.ts':
        "import { db } from '../db/client.js';\nexport const e = db;\n",
    },
  ],
  [
    'composition-root-on-top',
    { 'apps/api/src/modules/a/index.ts': "export { app } from '../../app.js';\n" },
  ],
  [
    'production-without-tests',
    {
      'apps/api/src/db/client.ts': "import b from '../../test/b.test.js';\nexport const db = b;\n",
    },
  ],
  [
    'contracts-stand-alone',
    {
      'packages/contracts/src/index.ts':
        "export { e as schema } from '../../../apps/api/src/shared/errors.js';\n",
    },
  ],
  [
    'no-unresolvable',
    {
      'apps/api/src/modules/a/repository.ts':
        "import { db } from '../../db/missing.js';\nexport const r = db;\n",
    },
  ],
];

describe('the import boundaries', () => {
  it('pass a tree whose imports point downward and reach other modules through their faces', () => {
    const result = check(CLEAN);
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  it.each(VIOLATIONS)('fail on a deliberate violation of %s', (rule, change) => {
    const result = check({ ...CLEAN, ...change });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`error ${rule}:`);
  });

  it('hold on the real workspace', () => {
    const result = run(ROOT, [
      'apps/api/src',
      'apps/api/test',
      'apps/api/bench',
      'packages/contracts/src',
    ]);
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  }, 60_000);
});
