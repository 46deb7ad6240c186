import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadAuditChainConfig,
  loadConfig,
  loadDatabaseConfig,
  loadMigrationConfig,
  loadWorkerConfig,
} from './config.js';

const VALID_KEY = 'k'.repeat(32);

/** Runs `loadConfig` expecting a ConfigError, and returns it. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('gives a working embedded setup when nothing is set', () => {
    const { auth, ...config } = loadConfig({});
    expect(auth).toMatchObject({
      issuer: 'medsync',
      audience: 'medsync-api',
      jwtSecretIsEphemeral: true,
    });
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: resolve('./data/pglite') },
      migration: null,
      auditChain: { key: { file: resolve('./data/pglite/audit-chain.key') }, previousKeys: [] },
      migrateOnStart: true,
      jobsInProcess: true,
      seedDemoData: true,
      logLevel: 'info',
      corsOrigins: [],
      bodyLimitBytes: 65_536,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      bootstrapAdmin: null,
      demoPassword: null,
      booking: {
        minNoticeMinutes: 120,
        horizonDays: 90,
        slotAlignmentMinutes: null,
        holdMinutes: 5,
        maxActivePerPatient: 10,
        rateLimitPerMinute: 20,
        idempotencyKeyTtlHours: 24,
      },
      documents: { kind: 'database' },
      webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
    });
  });

  it('derives the cookie secret from the JWT key unless COOKIE_SECRET is set', () => {
    const jwt = 'j'.repeat(40);
    const derived = loadConfig({ JWT_SECRET: jwt }).auth.cookieSecret;
    expect(derived).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(derived).not.toContain(jwt);
    expect(loadConfig({ JWT_SECRET: jwt }).auth.cookieSecret).toBe(derived);
    expect(loadConfig({ JWT_SECRET: 'k'.repeat(40) }).auth.cookieSecret).not.toBe(derived);
    const own = 'c'.repeat(32);
    expect(loadConfig({ JWT_SECRET: jwt, COOKIE_SECRET: own }).auth.cookieSecret).toBe(own);
    expect(() => loadConfig({ COOKIE_SECRET: 'short' })).toThrow(/COOKIE_SECRET/);
  });

  it('serves the web app from WEB_DIST_DIR, resolved from the working directory', () => {
    expect(loadConfig({ WEB_DIST_DIR: 'build/web' }).webDistDir).toBe(resolve('build/web'));
    expect(loadConfig({ WEB_DIST_DIR: '/srv/web' }).webDistDir).toBe('/srv/web');
  });

  it('keeps documents as files under DOCUMENT_DIR, by default under DATA_DIR', () => {
    const at = (env: Record<string, string>) =>
      loadConfig({ DOCUMENT_STORAGE: 'filesystem', ...env }).documents;
    expect(at({ DOCUMENT_DIR: '/srv/docs' })).toEqual({ kind: 'filesystem', dir: '/srv/docs' });
    expect(at({ DATA_DIR: '/srv/pglite' })).toEqual({
      kind: 'filesystem',
      dir: '/srv/pglite/documents',
    });
    expect(() => at({ DATA_DIR: 'memory://x' })).toThrow(/DOCUMENT_DIR/);
    expect(() => loadConfig({ DOCUMENT_STORAGE: 's3' })).toThrow(/DOCUMENT_STORAGE/);
  });

  it('treats an empty variable as unset and ignores variables it does not know', () => {
    const config = loadConfig({ PORT: '', HOST: '', LOG_LEVEL: '', PATH: '/usr/bin', HOME: '/x' });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info' });
  });

  it('converts numbers and booleans from their text', () => {
    const config = loadConfig({
      PORT: '8080',
      DB_POOL_MAX: '25',
      BODY_LIMIT_BYTES: '131072',
      SHUTDOWN_TIMEOUT_MS: '2500',
      MIGRATE_ON_START: 'false',
      TRUST_PROXY: 'true',
      SEED_DEMO_DATA: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      bodyLimitBytes: 131_072,
      shutdownTimeoutMs: 2500,
      migrateOnStart: false,
      trustProxy: true,
      seedDemoData: false,
    });
    expect(loadConfig({ TRUST_PROXY: '1', MIGRATE_ON_START: '0' })).toMatchObject({
      trustProxy: true,
      migrateOnStart: false,
    });
  });

  it('resolves DATA_DIR to an absolute path for the embedded database', () => {
    expect(loadConfig({ DATA_DIR: 'var/db' }).database).toEqual({
      kind: 'pglite',
      dataDir: resolve('var/db'),
    });
  });

  it('keeps DATA_DIR=memory:// as an in-memory database instead of a directory named "memory:"', () => {
    expect(loadConfig({ DATA_DIR: 'memory://' }).database).toEqual({
      kind: 'pglite',
      dataDir: 'memory://',
    });
  });

  it('switches to PostgreSQL when DATABASE_URL is set, with the pool size', () => {
    const url = 'postgres://medsync@db.internal:5432/medsync';
    expect(
      loadConfig({
        DATABASE_URL: url,
        DB_POOL_MAX: '30',
        DB_CONNECT_TIMEOUT_MS: '800',
        DB_POOL_TIMEOUT_MS: '900',
        DB_STATEMENT_TIMEOUT_MS: '10000',
        JWT_SECRET: VALID_KEY,
        AUDIT_CHAIN_KEY: VALID_KEY,
      }).database,
    ).toEqual({
      kind: 'postgres',
      url,
      poolMax: 30,
      timeouts: { connectMs: 800, poolMs: 900, statementMs: 10_000 },
    });
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://h/db',
        JWT_SECRET: VALID_KEY,
        AUDIT_CHAIN_KEY: VALID_KEY,
      }).database,
    ).toMatchObject({
      kind: 'postgres',
      poolMax: 10,
    });
  });

  it('seeds demo data by default on the embedded database only', () => {
    const server = 'postgres://h/db';
    expect(loadConfig({}).seedDemoData).toBe(true);
    expect(
      loadConfig({ DATABASE_URL: server, JWT_SECRET: VALID_KEY, AUDIT_CHAIN_KEY: VALID_KEY })
        .seedDemoData,
    ).toBe(false);
    expect(loadConfig({ SEED_DEMO_DATA: 'false' }).seedDemoData).toBe(false);
    expect(
      loadConfig({
        DATABASE_URL: server,
        SEED_DEMO_DATA: 'true',
        JWT_SECRET: VALID_KEY,
        AUDIT_CHAIN_KEY: VALID_KEY,
      }).seedDemoData,
    ).toBe(true);
  });

  it('splits CORS_ORIGINS on commas, trimming blanks and dropping empty entries', () => {
    const config = loadConfig({
      CORS_ORIGINS: ' https://clinic.example , ,https://admin.clinic.example,',
    });
    expect(config.corsOrigins).toEqual(['https://clinic.example', 'https://admin.clinic.example']);
  });

  it('requires JWT_SECRET with a database server, and makes an ephemeral one when embedded', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db.example/medsync' })).toThrow(
      /JWT_SECRET: is required/,
    );
    const embedded = loadConfig({});
    expect(embedded.auth.jwtSecretIsEphemeral).toBe(true);
    expect(embedded.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ JWT_SECRET: VALID_KEY, AUDIT_CHAIN_KEY: VALID_KEY }).auth).toMatchObject({
      jwtSecret: VALID_KEY,
      jwtSecretIsEphemeral: false,
      accessTokenTtlSeconds: 900,
    });
  });

  it('takes the first admin only as both ADMIN_EMAIL and ADMIN_PASSWORD', () => {
    expect(loadConfig({}).bootstrapAdmin).toBeNull();
    expect(() => loadConfig({ ADMIN_EMAIL: 'root@clinic.example' })).toThrow(/set both or neither/);
    expect(
      loadConfig({ ADMIN_EMAIL: 'root@clinic.example', ADMIN_PASSWORD: 'correct horse battery' })
        .bootstrapAdmin,
    ).toEqual({ email: 'root@clinic.example', password: 'correct horse battery' });
  });

  it('runs the jobs in the API process unless a server-mode deployment turns them off', () => {
    const server = {
      DATABASE_URL: 'postgres://db.example/medsync',
      JWT_SECRET: VALID_KEY,
      AUDIT_CHAIN_KEY: VALID_KEY,
    };
    expect(loadConfig(server).jobsInProcess).toBe(true);
    expect(loadConfig({ ...server, JOBS_IN_PROCESS: 'false' }).jobsInProcess).toBe(false);
    expect(loadConfig({ JOBS_IN_PROCESS: 'true' }).jobsInProcess).toBe(true);
    expect(configError({ JOBS_IN_PROCESS: 'false' }).problems).toEqual([
      'JOBS_IN_PROCESS: cannot be false without DATABASE_URL',
    ]);
    expect(configError({ ...server, JOBS_IN_PROCESS: 'sometimes' }).problems[0]).toMatch(
      /^JOBS_IN_PROCESS: /,
    );
  });

  it('reports every bad value at once, one line per variable', () => {
    const err = configError({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://h/db',
      DB_POOL_MAX: '0',
      MIGRATE_ON_START: 'maybe',
      LOG_LEVEL: 'loud',
      BODY_LIMIT_BYTES: '10',
      SHUTDOWN_TIMEOUT_MS: '999999999',
      TRUST_PROXY: 'yes',
      JWT_SECRET: 'short',
      HOST: 'localhost',
    });
    const variables = err.problems.map((line) => line.split(':')[0]);
    expect(variables.sort()).toEqual(
      [
        'JWT_SECRET',
        'BODY_LIMIT_BYTES',
        'DATABASE_URL',
        'DB_POOL_MAX',
        'LOG_LEVEL',
        'MIGRATE_ON_START',
        'PORT',
        'SHUTDOWN_TIMEOUT_MS',
        'TRUST_PROXY',
      ].sort(),
    );
    const messageLines = err.message.split('\n').slice(1);
    expect(messageLines.map((l) => l.trim())).toEqual(err.problems);
  });

  it('refuses out-of-range and non-integer numbers', () => {
    expect(configError({ PORT: '65536' }).problems).toEqual(['PORT: must be <= 65535']);
    expect(configError({ PORT: '80x' }).problems).toHaveLength(1);
    expect(configError({ DB_POOL_MAX: '201' }).problems[0]).toMatch(/^DB_POOL_MAX: /);
  });

  it('never echoes a refused value, which may be a secret', () => {
    const secretKey = 'hunter2-secret';
    const secretUrl = 'mysql://admin:p4ssw0rd@db/medsync';
    const err = configError({ JWT_SECRET: secretKey, DATABASE_URL: secretUrl });
    expect(err.problems).toHaveLength(2);
    expect(err.message).not.toContain(secretKey);
    expect(err.message).not.toContain('p4ssw0rd');
  });
});

describe('loadDatabaseConfig', () => {
  it('gives commands the database without asking for server-only secrets', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://db.example/medsync' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db.example/medsync',
      poolMax: 10,
      // A request gets its 503 within about 2 s while the database is unreachable.
      timeouts: { connectMs: 1_000, poolMs: 1_500, statementMs: 5_000 },
    });
    expect(() => loadDatabaseConfig({ DB_POOL_TIMEOUT_MS: '50' })).toThrow(/DB_POOL_TIMEOUT_MS/);
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'mysql://db.example/medsync' })).toThrow(
      ConfigError,
    );
  });
});

describe('loadWorkerConfig', () => {
  it('gives the worker its database, log level and grace period, without server-only secrets', () => {
    expect(
      loadWorkerConfig({
        DATABASE_URL: 'postgres://db.example/medsync',
        AUDIT_CHAIN_KEY: VALID_KEY,
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '2500',
        JOBS_IN_PROCESS: 'false',
      }),
    ).toEqual({
      database: {
        kind: 'postgres',
        url: 'postgres://db.example/medsync',
        poolMax: 10,
        timeouts: { connectMs: 1_000, poolMs: 1_500, statementMs: 5_000 },
      },
      auditChain: { key: { secret: VALID_KEY }, previousKeys: [] },
      logLevel: 'warn',
      shutdownTimeoutMs: 2500,
    });
  });

  it('refuses the embedded database, which only the API process may open', () => {
    expect(() => loadWorkerConfig({})).toThrow(
      /DATABASE_URL: the worker needs a PostgreSQL server/,
    );
    expect(() => loadWorkerConfig({ DATABASE_URL: 'mysql://db.example/medsync' })).toThrow(
      ConfigError,
    );
  });
});

describe('the audit chain key', () => {
  const server = { DATABASE_URL: 'postgres://app@db.example/medsync', JWT_SECRET: VALID_KEY };

  it('is required with a database server, by the API, the worker and audit:verify', () => {
    for (const load of [loadConfig, loadWorkerConfig, loadAuditChainConfig]) {
      expect(() => load(server)).toThrow(/AUDIT_CHAIN_KEY: is required when DATABASE_URL is set/);
    }
    expect(configError({ ...server, AUDIT_CHAIN_KEY: 'short' }).problems).toEqual([
      'AUDIT_CHAIN_KEY: must not have fewer than 32 characters',
    ]);
  });

  it('lives in a file in the data folder when embedded, and per process in memory', () => {
    expect(loadConfig({ DATA_DIR: 'var/db' }).auditChain.key).toEqual({
      file: resolve('var/db/audit-chain.key'),
    });
    const inMemory = loadConfig({ DATA_DIR: 'memory://' }).auditChain.key;
    expect('secret' in inMemory && inMemory.secret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ AUDIT_CHAIN_KEY: VALID_KEY }).auditChain.key).toEqual({
      secret: VALID_KEY,
    });
  });

  it('takes retired keys for verification, comma-separated, each 32+ characters', () => {
    const old = ['o'.repeat(32), 'p'.repeat(40)];
    expect(
      loadAuditChainConfig({
        ...server,
        AUDIT_CHAIN_KEY: VALID_KEY,
        AUDIT_CHAIN_PREVIOUS_KEYS: ` ${old[0]}, ,${old[1]} `,
      }).auditChain,
    ).toEqual({ key: { secret: VALID_KEY }, previousKeys: old });
    expect(() =>
      loadConfig({ ...server, AUDIT_CHAIN_KEY: VALID_KEY, AUDIT_CHAIN_PREVIOUS_KEYS: 'short' }),
    ).toThrow(/AUDIT_CHAIN_PREVIOUS_KEYS: every key must be 32\+ characters/);
  });
});

describe('MIGRATION_DATABASE_URL', () => {
  const runtime = 'postgres://medsync_app:secret@db.example/medsync';
  const owner = 'postgres://medsync_owner:other@db.example/medsync';

  it('migrates as the owner and grants to DATABASE_URL’s user', () => {
    expect(loadMigrationConfig({ DATABASE_URL: runtime, MIGRATION_DATABASE_URL: owner })).toEqual({
      database: {
        kind: 'postgres',
        url: runtime,
        poolMax: 10,
        timeouts: { connectMs: 1_000, poolMs: 1_500, statementMs: 5_000 },
      },
      migration: { url: owner, runtimeRole: 'medsync_app' },
    });
    const server = { DATABASE_URL: runtime, JWT_SECRET: VALID_KEY, AUDIT_CHAIN_KEY: VALID_KEY };
    expect(loadConfig({ ...server, MIGRATION_DATABASE_URL: owner }).migration).toEqual({
      url: owner,
      runtimeRole: 'medsync_app',
    });
    expect(loadConfig(server).migration).toBeNull();
  });

  it('decodes the user name, and grants nothing when both URLs name the same user', () => {
    const encoded = 'postgres://app%2Dr%C3%B4le@db.example/medsync';
    expect(
      loadMigrationConfig({ DATABASE_URL: encoded, MIGRATION_DATABASE_URL: owner }).migration,
    ).toEqual({ url: owner, runtimeRole: 'app-rôle' });
    const sameUser = 'postgres://medsync_app:secret@db.example:6432/medsync';
    expect(
      loadMigrationConfig({ DATABASE_URL: runtime, MIGRATION_DATABASE_URL: sameUser }).migration,
    ).toEqual({ url: sameUser, runtimeRole: null });
  });

  it('needs DATABASE_URL, with a user name to grant to', () => {
    expect(() => loadMigrationConfig({ MIGRATION_DATABASE_URL: owner })).toThrow(
      /MIGRATION_DATABASE_URL: needs DATABASE_URL/,
    );
    expect(() =>
      loadMigrationConfig({
        DATABASE_URL: 'postgres://db.example/medsync',
        MIGRATION_DATABASE_URL: owner,
      }),
    ).toThrow(/DATABASE_URL: must name its user when MIGRATION_DATABASE_URL is set/);
    expect(() =>
      loadMigrationConfig({ DATABASE_URL: runtime, MIGRATION_DATABASE_URL: 'x' }),
    ).toThrow(ConfigError);
  });
});
