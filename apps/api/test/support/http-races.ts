import { createTestApp, type TestApp } from './app.js';
import { BOOKING_NOW, type Clinic, makeClinic } from './booking-fixtures.js';
import { warmPool } from './database.js';

// The races over real HTTP (server only): every contender is a separate fetch, so requests run
// at once over the pool's connections, all opened beforehand.

export interface RaceApp extends TestApp {
  clinic: Clinic;
  /** Where the app listens: `http://127.0.0.1:<port>`. */
  baseUrl: string;
}

/** The app with the clinic, listening on a free port; the per-account limits lifted for the racers. */
export async function createRaceApp(): Promise<RaceApp> {
  const t = await createTestApp({
    env: { BOOKING_RATE_LIMIT_PER_MINUTE: '100000', BOOKING_MAX_ACTIVE_PER_PATIENT: '1000' },
    clock: () => BOOKING_NOW,
  });
  const clinic = await makeClinic(t.database.db, t.tokens);
  const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  await warmPool(t.database);
  return { ...t, clinic, baseUrl };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a JSON body to the API as `headers` say. */
export async function postJson(
  race: RaceApp,
  headers: Record<string, string>,
  path: string,
  payload: object,
): Promise<Answer> {
  const response = await fetch(`${race.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An answer as its status, with the problem code when refused: `201`, `409 slot-taken`. */
export const outcome = (answer: Answer) =>
  answer.status < 300 ? String(answer.status) : `${answer.status} ${String(answer.body.code)}`;
