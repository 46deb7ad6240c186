import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, loadDatabaseConfig, SETTING_NAMES } from '../../src/config.js';

// This machine cannot pull images, so the Dockerfile and compose.yaml are checked by reading
// them: every setting the app service sets is one config.ts knows, together they satisfy
// config.ts (required settings present, values valid), and the image runs the compiled entry
// point as a non-root user with production dependencies only and a health check.

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(repo(path), 'utf8');

// Names agreed between the branches of issue #9 (MIGRATION_DATABASE_URL, AUDIT_CHAIN_KEY) that
// config.ts learns when the audit branch lands; once it knows them this list changes nothing.
const KNOWN = new Set(SETTING_NAMES);

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`, resolved as an operator's would be. */
function interpolate(value: string): string {
  return value
    .replace(
      /\$\{(\w+)(?::?([-?])([^}]*))?\}/g,
      (_all, name: string, kind?: string, arg?: string) =>
        kind === '-' ? (arg ?? '') : `${name.toLowerCase()}-0123456789abcdefghijklmnopqrstuvwxyz`,
    )
    .replaceAll('$$', '$');
}

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const compose = parse(read('compose.yaml')) as { services: Record<string, Service> };
const envOf = (service: string) =>
  Object.fromEntries(
    Object.entries(compose.services[service]?.environment ?? {}).map(([k, v]) => [
      k,
      interpolate(String(v)),
    ]),
  );

/** A `node apps/api/dist/x.js` command names a compiled entry point: its source must exist. */
function expectEntryPoint(command: string[] | undefined): void {
  expect(command?.[0]).toBe('node');
  const script = command?.[1] ?? '';
  expect(script).toMatch(/^apps\/api\/dist\/.+\.js$/);
  expect(existsSync(repo(script.replace('/dist/', '/src/').replace(/\.js$/, '.ts')))).toBe(true);
}

describe('compose.yaml', () => {
  it('runs PostgreSQL 15+ initialised from the environment by the init script', () => {
    const db = compose.services.db!;
    expect(Number(/^postgres:(\d+)/.exec(db.image ?? '')?.[1])).toBeGreaterThanOrEqual(15);
    expect(db.volumes).toContain('./deploy/postgres-init:/docker-entrypoint-initdb.d:ro');
    // The init script runs the one definition of the roles, apps/api/sql/roles.sql.
    expect(db.volumes).toContain('./apps/api/sql:/medsync-sql:ro');
    expect(read('deploy/postgres-init/10-medsync.sh')).toContain('/medsync-sql/roles.sql');
    const script = read('deploy/postgres-init/10-medsync.sh');
    for (const name of Object.keys(db.environment ?? {}).filter((n) => n.startsWith('MEDSYNC_'))) {
      expect(script).toContain(`$${name}`);
    }
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it('sets only settings config.ts knows, in each service that runs MedSync', () => {
    for (const service of ['migrate', 'api']) {
      const unknown = Object.keys(envOf(service)).filter((name) => !KNOWN.has(name));
      expect({ service, unknown }).toEqual({ service, unknown: [] });
    }
  });

  it('gives the API every setting its configuration requires, and valid values', () => {
    const env = envOf('api');
    const config = loadConfig(env);
    expect(config.database).toMatchObject({ kind: 'postgres' });
    expect(config.migrateOnStart).toBe(false); // the migrate service does it, as the owner
    expect(config.host).toBe('0.0.0.0');
    for (const secret of ['JWT_SECRET', 'AUDIT_CHAIN_KEY']) expect(env[secret]).toBeTruthy();
    expect(env).not.toHaveProperty('MIGRATION_DATABASE_URL'); // the API never holds the owner's password
  });

  it('migrates as the owner role before the API starts, once the database is healthy', () => {
    const migrate = compose.services.migrate!;
    const env = envOf('migrate');
    expectEntryPoint(migrate.command);
    expect(loadDatabaseConfig(env)).toMatchObject({ kind: 'postgres' });
    const owner = new URL(env.MIGRATION_DATABASE_URL!).username;
    const runtime = new URL(env.DATABASE_URL!).username;
    expect(owner).toBe('medsync_owner');
    expect(runtime).toBe('medsync_app');
    expect(new URL(envOf('api').DATABASE_URL!).username).toBe(runtime);
    expect(migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(compose.services.api!.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
  });
});

/** The Dockerfile's instructions, continuation lines joined, split into stages at each FROM. */
function dockerStages(text: string): { from: string; instructions: [string, string][] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { from: string; instructions: [string, string][] }[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword === 'FROM') stages.push({ from: rest, instructions: [] });
    else stages.at(-1)?.instructions.push([keyword, rest]);
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const final = stages.at(-1)!;
  const all = (keyword: string) =>
    final.instructions.filter(([k]) => k === keyword).map(([, v]) => v);

  it('builds in a stage of its own and installs production dependencies only in the final one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const installs = all('RUN').filter((run) => /npm (ci|install)\b/.test(run));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain('--omit=dev');
    // Nothing installed by the build stage (its node_modules hold the dev dependencies) is copied.
    const copied = all('COPY').filter((c) => c.startsWith('--from='));
    expect(copied.length).toBeGreaterThan(0);
    for (const copy of copied) expect(copy).not.toContain('node_modules');
    for (const copy of all('COPY').filter((c) => !c.startsWith('--from='))) {
      for (const source of copy.split(/\s+/).slice(0, -1))
        expect(existsSync(repo(source))).toBe(true);
    }
  });

  it('runs the compiled server as a non-root user, with a health check on /ready', () => {
    const user = all('USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    expect(all('HEALTHCHECK').join(' ')).toMatch(/\/(ready|health)\b/);
    expectEntryPoint(JSON.parse(all('CMD').at(-1)!));
    expect(all('COPY')).toContain('--from=build /app/apps/api/dist apps/api/dist');
    expect(all('COPY')).toContain('apps/api/migrations apps/api/migrations');
  });

  it('copies patches/ before every npm ci, so the postinstall patch of postgres.js applies', () => {
    for (const stage of stages) {
      const keys = stage.instructions.map(([k, v]) => `${k} ${v}`);
      const install = keys.findIndex((i) => /^RUN npm ci\b/.test(i));
      expect(install).toBeGreaterThan(-1);
      expect(keys.slice(0, install)).toContain('COPY patches patches');
    }
  });

  it('is built from a context without local data, secrets or installed modules', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '.env', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});
