import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { OpenOptions } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';
export const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database, silent unless LOG_LEVEL is set for debugging. */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  databaseOptions: OpenOptions = {},
  /** Adds test-only routes before the app is sealed. */
  extend?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const database = await createTestDatabase(databaseOptions);
  const config = loadConfig({ ADMIN_API_KEY: ADMIN_KEY, ...env });
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const app = await buildApp({ config, database, logger });
  extend?.(app);
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Parses a JSON or problem+json response body. */
export function body<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}
