import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfig, settingsOrExit } from './config.js';
import { openDatabase } from './db/client.js';
import { asMigrator, migrateAndGrant, ownsAuditTrail } from './db/migrator.js';
import { databaseTarget, setupProblem } from './db/setup-problems.js';
import { createLogger } from './http/logging.js';
import { type RunningJobs, startJobs } from './jobs/index.js';
import { loadChainKeys } from './modules/audit/index.js';
import { ensureBootstrapAdmin } from './modules/auth/index.js';
import { documentStorageFor } from './modules/documents/index.js';
import { seedDemoIfEmpty } from './seed/index.js';

const config = settingsOrExit(loadConfig);

const log = createLogger(config.logLevel);
log.info({ database: databaseTarget(config.database) }, 'opening the database');
const database = await openDatabase(config.database);
const app = await buildApp({ config, database, logger: log });
let jobs: RunningJobs | null = null;

closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an uncaught error');
  else app.log.info({ signal }, 'shutting down');
  await app.close(); // stops accepting, lets in-flight requests finish
  await jobs?.stop(); // lets a pass in progress finish
  await database.close();
});

try {
  const keys = loadChainKeys(config.auditChain);
  if (config.migrateOnStart) {
    const startedAt = performance.now();
    log.info('applying pending migrations');
    const { migration } = config;
    await asMigrator(database, config.database, migration, (m) => migrateAndGrant(m, migration));
    const ms = Math.round(performance.now() - startedAt);
    app.log.info(
      { database: database.kind, runtimeRole: migration?.runtimeRole ?? null, ms },
      'migrations applied',
    );
  }
  if (database.kind === 'postgres' && (await ownsAuditTrail(database.db))) {
    app.log.warn(
      'DATABASE_URL owns audit_events and could disable its append-only trigger: see README "Two database roles"',
    );
  }
  if (config.auth.jwtSecretIsEphemeral) {
    app.log.warn('JWT_SECRET is not set: sessions end when this process stops');
  }
  await ensureBootstrapAdmin(database.db, config.bootstrapAdmin, app.log);
  if (config.seedDemoData) {
    const storage = documentStorageFor(config.documents);
    await seedDemoIfEmpty(database.db, app.log, config.demoPassword, storage);
  }
  await app.listen({ port: config.port, host: config.host });
  // Embedded mode always runs them here; with DATABASE_URL, `npm run worker` may instead.
  if (config.jobsInProcess) {
    jobs = startJobs({ db: database.db, log: app.log, keys });
    app.log.info({ jobs: jobs.names }, 'background jobs started');
  }
} catch (err) {
  // A database not set up for MedSync is the operator's to fix: one line saying how, exit 78.
  const problem = setupProblem(err, config.database);
  if (problem) app.log.fatal(problem);
  else app.log.fatal({ err }, 'failed to start');
  await app.close();
  await database.close();
  process.exit(problem ? 78 : 1);
}
