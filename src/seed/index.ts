import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';

/** Fills an empty directory with the demo clinic network; leaves a database with data alone. */
export async function seedDemoIfEmpty(_db: Database, _log: FastifyBaseLogger): Promise<void> {}
