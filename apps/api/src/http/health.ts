import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DatabaseHandle } from '../db/client.js';
import { migrationsAreCurrent } from '../db/migrations.js';
import { ServiceUnavailable } from '../shared/errors.js';
import { Public } from './access.js';

const Status = Type.Object({ status: Type.Enum(['ok', 'ready']) });
const PING_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** /health: the process answers. /ready: the database answers and its schema is current. */
export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  const tags = ['operations'];
  app.get(
    '/health',
    {
      config: { access: Public },
      schema: {
        tags,
        operationId: 'checkLiveness',
        summary: 'Liveness',
        response: { 200: Status },
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      config: { access: Public },
      schema: {
        tags,
        operationId: 'checkReadiness',
        summary: 'Readiness',
        response: { 200: Status },
      },
    },
    async () => {
      let current: boolean;
      try {
        current = await withTimeout(
          database.ping().then(() => migrationsAreCurrent(database.db)),
          PING_TIMEOUT_MS,
        );
      } catch {
        throw new ServiceUnavailable('database-unavailable', 'The database is not reachable');
      }
      if (!current) {
        throw new ServiceUnavailable('migrations-pending', 'Database migrations are not applied');
      }
      return { status: 'ready' };
    },
  );
}
