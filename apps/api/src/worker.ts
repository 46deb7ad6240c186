import closeWithGrace from 'close-with-grace';
import { loadWorkerConfig, settingsOrExit } from './config.js';
import { openDatabase } from './db/client.js';
import { createLogger } from './http/logging.js';
import { startJobs } from './jobs/index.js';
import { loadChainKeys } from './modules/audit/index.js';

// `npm run worker`: the background jobs in a process of their own, beside API processes started
// with JOBS_IN_PROCESS=false. Server mode only; it expects a migrated database (the API or
// `npm run db:migrate` migrates it).

const config = settingsOrExit(loadWorkerConfig);

const log = createLogger(config.logLevel);
const database = await openDatabase(config.database);
const jobs = startJobs({ db: database.db, log, keys: loadChainKeys(config.auditChain) });
// The jobs' timers hold no process open: this one keeps the worker alive until a signal.
const lifetime = setInterval(() => {}, 2 ** 31 - 1);
log.info({ jobs: jobs.names }, 'worker started');

closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an uncaught error');
  else log.info({ signal }, 'shutting down');
  clearInterval(lifetime);
  await jobs.stop(); // lets a pass in progress finish
  await database.close();
});
