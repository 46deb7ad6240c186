import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

// The served document is a contract with every client (the web app's generated client among
// them): it changes only on purpose. After an intended change, refresh the committed copy with
// `UPDATE_OPENAPI_SNAPSHOT=1 npm test -- openapi-snapshot` and review its diff.
const SNAPSHOT = new URL('../../openapi.json', import.meta.url);

let t: TestApp;
let served: string;
beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  served = `${JSON.stringify(JSON.parse(response.body), null, 2)}\n`;
  if (process.env.UPDATE_OPENAPI_SNAPSHOT === '1') writeFileSync(SNAPSHOT, served);
});
afterAll(() => t.close());

describe('the served OpenAPI document', () => {
  it('is identical to the committed openapi.json', () => {
    const committed = readFileSync(SNAPSHOT, 'utf8');
    expect(served.length).toBeGreaterThan(10_000);
    expect(served).toBe(committed);
  });
});
