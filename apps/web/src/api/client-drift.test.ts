// The committed client types equal a fresh generation from the committed OpenAPI document, which
// apps/api's snapshot test keeps equal to the document the server serves: so the client and the
// served API cannot disagree unnoticed. On failure: `npm run generate:client`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { generateSchema, SCHEMA_FILE } from '../../scripts/client-schema.mjs';

describe('the generated API client', () => {
  it('matches the OpenAPI document (else run `npm run generate:client`)', async () => {
    const fresh: string = await generateSchema();
    expect(readFileSync(SCHEMA_FILE, 'utf8') === fresh).toBe(true);
  });
});
