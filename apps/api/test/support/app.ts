import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type OpenOptions, openDatabase } from '../../src/db/client.js';
import { AccessTokens } from '../../src/modules/auth/tokens.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { makeAccount } from './identities.js';

export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  /** Signs access tokens the app accepts. */
  tokens: AccessTokens;
  /** Headers of an admin account created with the app. */
  asAdmin: { authorization: string };
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables over the test defaults (JWT_SECRET). */
  env?: NodeJS.ProcessEnv;
  /** How the test database is opened (e.g. `onQuery` to record the SQL sent). */
  database?: OpenOptions;
  /** Adds test-only routes before the app is sealed. */
  extend?: (app: FastifyInstance) => void;
  /** A fixed clock for time-dependent rules (notice, horizon, holds). */
  clock?: () => Date;
  /**
   * The URL the app connects with, given its server test database's (e.g. through a proxy that
   * injects faults); `database` stays the tests' own direct connection. Server only.
   */
  connectVia?: (url: string) => string;
}

/** The real app on a fresh database, silent unless LOG_LEVEL is set for debugging. */
export async function createTestApp({
  env = {},
  database: databaseOptions = {},
  extend,
  clock,
  connectVia,
}: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(databaseOptions);
  const config = loadConfig({ JWT_SECRET, ...env });
  const tokens = new AccessTokens(config.auth);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const appDatabase = connectVia
    ? await openDatabase({ kind: 'postgres', url: connectVia(database.url!), poolMax: 20 })
    : database;
  const app = await buildApp({
    config,
    database: appDatabase,
    logger,
    ...(clock ? { clock } : {}),
  });
  extend?.(app);
  await app.ready();
  const admin = await makeAccount(database.db, tokens, 'admin');
  return {
    app,
    database,
    config,
    tokens,
    asAdmin: admin.headers,
    async close() {
      await app.close();
      if (appDatabase !== database) await appDatabase.close();
      await database.drop();
    },
  };
}

/** Parses a JSON or problem+json response body. */
export function body<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** One page of a list response. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a list, following `nextCursor` from `url` (which carries a query already) to
 * the last page; `check` sees each page and its response, to assert on them.
 */
export async function allPages<T>(
  app: FastifyInstance,
  url: string,
  options: {
    headers?: Record<string, string>;
    check?: (page: ListPage<T>, response: LightMyRequestResponse) => void;
  } = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const response: LightMyRequestResponse = await app.inject({
      url: `${url}${cursor ? `&cursor=${cursor}` : ''}`,
      ...(options.headers ? { headers: options.headers } : {}),
    });
    const page: ListPage<T> = body<ListPage<T>>(response);
    options.check?.(page, response);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A problem body without its per-request id (which it must carry), to compare two answers whole. */
export function withoutRequestId(response: LightMyRequestResponse): Record<string, unknown> {
  const { requestId, ...rest } = body(response);
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

export interface ProblemBody {
  status: number;
  code: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/**
 * Asserts a problem+json response with this status (and code, if given) whose body agrees with
 * the HTTP status and the x-request-id header; returns the body.
 */
export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code?: string,
): ProblemBody {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = body<ProblemBody>(response);
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  expect(response.headers['x-request-id']).toBeDefined();
  expect(problem.requestId).toBe(response.headers['x-request-id']);
  return problem;
}
