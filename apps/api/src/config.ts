import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/** Defaults that answer a request 503 within about 2 s while PostgreSQL is unreachable. */
export const DEFAULT_DATABASE_TIMEOUTS = { connectMs: 1_000, poolMs: 1_500, statementMs: 5_000 };
const timeoutMs = (maximum: number, defaultMs: number) =>
  Type.Integer({ minimum: 100, maximum, default: defaultMs });

// Every variable is documented in README.md and .env.example; keep the three in step.
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  MIGRATION_DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data/pglite' }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DB_CONNECT_TIMEOUT_MS: timeoutMs(60_000, DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DB_POOL_TIMEOUT_MS: timeoutMs(60_000, DEFAULT_DATABASE_TIMEOUTS.poolMs),
  DB_STATEMENT_TIMEOUT_MS: timeoutMs(600_000, DEFAULT_DATABASE_TIMEOUTS.statementMs),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  JOBS_IN_PROCESS: Type.Boolean({ default: true }),
  SEED_DEMO_DATA: Type.Optional(Type.Boolean()),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  CORS_ORIGINS: Type.String({ default: '' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 10_485_760, default: 65_536 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  COOKIE_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  AUDIT_CHAIN_KEY: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  AUDIT_CHAIN_PREVIOUS_KEYS: Type.Optional(Type.String({ maxLength: 8192 })),
  JWT_ISSUER: Type.String({ minLength: 1, maxLength: 256, default: 'medsync' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, maxLength: 256, default: 'medsync-api' }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 900, default: 900 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 30 }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
  DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
  BOOKING_MIN_NOTICE_MINUTES: Type.Integer({ minimum: 0, maximum: 20_160, default: 120 }),
  BOOKING_HORIZON_DAYS: Type.Integer({ minimum: 1, maximum: 730, default: 90 }),
  BOOKING_SLOT_ALIGNMENT_MINUTES: Type.Optional(Type.Integer({ minimum: 5, maximum: 480 })),
  BOOKING_HOLD_MINUTES: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
  BOOKING_MAX_ACTIVE_PER_PATIENT: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  BOOKING_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  IDEMPOTENCY_KEY_TTL_HOURS: Type.Integer({ minimum: 24, maximum: 24 * 30, default: 24 }),
  DOCUMENT_STORAGE: Type.Enum(['database', 'filesystem'], { default: 'database' }),
  DOCUMENT_DIR: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  WEB_DIST_DIR: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
});

// The web app's build, beside this package: the same two levels up from src/ (tsx) and dist/.
const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Every environment variable MedSync reads (deployment files are checked against it). */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.properties);

/** How long a query may wait on PostgreSQL before the request gets a 503 `database-unavailable`. */
export interface DatabaseTimeouts {
  /** Opening a connection (TCP and startup). */
  connectMs: number;
  /** Waiting for a free pooled connection. */
  poolMs: number;
  /** One statement's run, enforced by the server (`statement_timeout`). */
  statementMs: number;
}

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolMax: number; timeouts?: DatabaseTimeouts }
  | { kind: 'pglite'; dataDir: string };

/**
 * Who applies migrations when it is not DATABASE_URL's role: the owner's URL, and the runtime
 * role (DATABASE_URL's user) it grants the app's privileges to afterwards (src/db/roles.ts).
 */
export interface MigrationTarget {
  url: string;
  /** null when both URLs name the same user: one role, nothing to grant. */
  runtimeRole: string | null;
}

/** The audit chain's HMAC keys, which never live in the database. */
export interface AuditChainSettings {
  /** Seals new events: AUDIT_CHAIN_KEY, or in embedded mode a file generated once. */
  key: { secret: string } | { file: string };
  /** AUDIT_CHAIN_PREVIOUS_KEYS: retired keys, to verify the events sealed with them. */
  previousKeys: string[];
}

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** null: migrations run as DATABASE_URL's role (or on the embedded database). */
  migration: MigrationTarget | null;
  auditChain: AuditChainSettings;
  migrateOnStart: boolean;
  /** The API process runs the background jobs too; false where workers run them. */
  jobsInProcess: boolean;
  seedDemoData: boolean;
  logLevel: Static<typeof EnvSchema>['LOG_LEVEL'];
  corsOrigins: string[];
  bodyLimitBytes: number;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  auth: {
    /** HS256 key for access tokens. Embedded mode without one: a random key per process. */
    jwtSecret: string;
    jwtSecretIsEphemeral: boolean;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /** Signs the browser's CSRF secret cookie: COOKIE_SECRET, or derived from the JWT key. */
    cookieSecret: string;
  };
  /** The first admin, created at start when no admin exists yet. Never a built-in default. */
  bootstrapAdmin: { email: string; password: string } | null;
  /** Password of the demo accounts; null: one is generated and logged once at first start. */
  demoPassword: string | null;
  /** Network-wide booking rules. */
  booking: BookingRules;
  /** Where uploaded documents' bytes are kept. */
  documents: DocumentStorageConfig;
  /** The built web app (`index.html`, `assets/`) served at `/`: WEB_DIST_DIR. */
  webDistDir: string;
}

/** `database`: in `document_contents` (the default); `filesystem`: files under `dir`. */
export type DocumentStorageConfig = { kind: 'database' } | { kind: 'filesystem'; dir: string };

export interface BookingRules {
  /** Slots starting sooner than this are not offered. */
  minNoticeMinutes: number;
  /** Slots further ahead than this (calendar days in the location's zone) are not offered. */
  horizonDays: number;
  /** Grid of slot starts; null: the slot length. Used where it divides the slot length. */
  slotAlignmentMinutes: number | null;
  /** How long a hold keeps a slot while the patient completes the form. */
  holdMinutes: number;
  /** Active future bookings and live holds one patient may have at once. */
  maxActivePerPatient: number;
  /** Booking creations per account (or address) per minute. */
  rateLimitPerMinute: number;
  /** How long an Idempotency-Key and its stored response are kept. */
  idempotencyKeyTtlHours: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Static<typeof EnvSchema>;

/** Validates every known variable; throws ConfigError listing every bad value at once. */
function parseEnv(env: NodeJS.ProcessEnv): Env {
  const known = Object.keys(EnvSchema.properties);
  const raw = Object.fromEntries(
    known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const value = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw));
  // Checked one variable at a time: TypeBox buffers at most 8 errors per Value.Errors call.
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(EnvSchema.properties)) {
    const v = (value as Record<string, unknown>)[name];
    if (v === undefined) continue;
    const [first] = Value.Errors(schema, v);
    if (first) problems.push(`${name}: ${first.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Env;
}

function databaseOf(e: Env): DatabaseConfig {
  return e.DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.DATABASE_URL,
        poolMax: e.DB_POOL_MAX,
        timeouts: {
          connectMs: e.DB_CONNECT_TIMEOUT_MS,
          poolMs: e.DB_POOL_TIMEOUT_MS,
          statementMs: e.DB_STATEMENT_TIMEOUT_MS,
        },
      }
    : {
        kind: 'pglite',
        dataDir: e.DATA_DIR.startsWith('memory://') ? e.DATA_DIR : resolve(e.DATA_DIR),
      };
}

function migrationOf(e: Env): MigrationTarget | null {
  if (!e.MIGRATION_DATABASE_URL) return null;
  if (!e.DATABASE_URL) {
    throw new ConfigError(['MIGRATION_DATABASE_URL: needs DATABASE_URL (the runtime role)']);
  }
  const userOf = (url: string) => decodeURIComponent(new URL(url).username);
  const runtime = userOf(e.DATABASE_URL);
  if (!runtime) {
    // The grants name the runtime role: the driver's default user would be a guess.
    throw new ConfigError(['DATABASE_URL: must name its user when MIGRATION_DATABASE_URL is set']);
  }
  const owner = userOf(e.MIGRATION_DATABASE_URL);
  return { url: e.MIGRATION_DATABASE_URL, runtimeRole: runtime === owner ? null : runtime };
}

function auditChainOf(e: Env, database: DatabaseConfig): AuditChainSettings {
  const previousKeys = (e.AUDIT_CHAIN_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (previousKeys.some((k) => k.length < 32)) {
    throw new ConfigError(['AUDIT_CHAIN_PREVIOUS_KEYS: every key must be 32+ characters']);
  }
  if (e.AUDIT_CHAIN_KEY) return { key: { secret: e.AUDIT_CHAIN_KEY }, previousKeys };
  if (database.kind === 'postgres') {
    // A key the database holds (or a per-process one) would not stop its account rewriting it.
    throw new ConfigError([
      'AUDIT_CHAIN_KEY: is required when DATABASE_URL is set (32+ characters)',
    ]);
  }
  // An in-memory database lives as long as the process, and so may its key.
  return database.dataDir.startsWith('memory://')
    ? { key: { secret: randomBytes(32).toString('base64url') }, previousKeys }
    : { key: { file: join(database.dataDir, 'audit-chain.key') }, previousKeys };
}

function documentsOf(e: Env): DocumentStorageConfig {
  if (e.DOCUMENT_STORAGE === 'database') return { kind: 'database' };
  if (e.DOCUMENT_DIR) return { kind: 'filesystem', dir: resolve(e.DOCUMENT_DIR) };
  if (e.DATA_DIR.startsWith('memory://')) {
    throw new ConfigError(['DOCUMENT_DIR: is required with DOCUMENT_STORAGE=filesystem here']);
  }
  return { kind: 'filesystem', dir: join(resolve(e.DATA_DIR), 'documents') };
}

/** Only the database settings: for commands (seed, admin) that sign no tokens. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return databaseOf(parseEnv(env));
}

/** For commands that migrate (db:migrate, db:seed, admin:create): where, and as whom. */
export function loadMigrationConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'database' | 'migration'> {
  const e = parseEnv(env);
  return { database: databaseOf(e), migration: migrationOf(e) };
}

/** For `audit:verify`: the database and the chain's keys. */
export function loadAuditChainConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'database' | 'auditChain'> {
  const e = parseEnv(env);
  const database = databaseOf(e);
  return { database, auditChain: auditChainOf(e, database) };
}

/** What the worker (`src/worker.ts`) needs: it serves nothing and signs no tokens. */
export type WorkerConfig = Pick<
  Config,
  'database' | 'auditChain' | 'logLevel' | 'shutdownTimeoutMs'
>;

/** The worker's settings; throws ConfigError in embedded mode, where the API runs the jobs. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const e = parseEnv(env);
  if (!e.DATABASE_URL) {
    // Only one process may open PGlite's data folder, and `npm start` already runs the jobs.
    throw new ConfigError(['DATABASE_URL: the worker needs a PostgreSQL server']);
  }
  const database = databaseOf(e);
  return {
    database,
    auditChain: auditChainOf(e, database),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

/** Reads the environment once into a validated, typed object; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(env);
  if (e.DATABASE_URL && !e.JWT_SECRET) {
    // Tokens signed with a per-process key would stop working on restart and across instances.
    throw new ConfigError(['JWT_SECRET: is required when DATABASE_URL is set (32+ characters)']);
  }
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD)) {
    throw new ConfigError(['ADMIN_EMAIL, ADMIN_PASSWORD: set both or neither']);
  }
  if (!e.DATABASE_URL && !e.JOBS_IN_PROCESS) {
    // No worker can open the embedded database beside the API: the jobs would never run.
    throw new ConfigError(['JOBS_IN_PROCESS: cannot be false without DATABASE_URL']);
  }
  const database = databaseOf(e);
  const jwtSecret = e.JWT_SECRET ?? randomBytes(32).toString('base64url');
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    migration: migrationOf(e),
    auditChain: auditChainOf(e, database),
    migrateOnStart: e.MIGRATE_ON_START,
    jobsInProcess: e.JOBS_IN_PROCESS,
    // Demo data is the embedded default's promise; a real server is only seeded when asked.
    seedDemoData: e.SEED_DEMO_DATA ?? database.kind === 'pglite',
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auth: {
      jwtSecret,
      jwtSecretIsEphemeral: !e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      // A key of its own, derived one way: a leaked cookie key reveals nothing of the JWT key.
      cookieSecret:
        e.COOKIE_SECRET ??
        createHmac('sha256', jwtSecret).update('medsync cookie secret').digest('base64url'),
    },
    bootstrapAdmin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD }
        : null,
    demoPassword: e.DEMO_PASSWORD ?? null,
    booking: {
      minNoticeMinutes: e.BOOKING_MIN_NOTICE_MINUTES,
      horizonDays: e.BOOKING_HORIZON_DAYS,
      slotAlignmentMinutes: e.BOOKING_SLOT_ALIGNMENT_MINUTES ?? null,
      holdMinutes: e.BOOKING_HOLD_MINUTES,
      maxActivePerPatient: e.BOOKING_MAX_ACTIVE_PER_PATIENT,
      rateLimitPerMinute: e.BOOKING_RATE_LIMIT_PER_MINUTE,
      idempotencyKeyTtlHours: e.IDEMPOTENCY_KEY_TTL_HOURS,
    },
    documents: documentsOf(e),
    webDistDir: e.WEB_DIST_DIR ? resolve(e.WEB_DIST_DIR) : DEFAULT_WEB_DIST_DIR,
  };
}

/**
 * For entry points (server, worker, CLIs): reads `.env` if present, then the settings `load`
 * wants; a bad value prints every problem and exits 78 (EX_CONFIG).
 */
export function settingsOrExit<T>(load: (env: NodeJS.ProcessEnv) => T): T {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return load(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(78);
  }
}
