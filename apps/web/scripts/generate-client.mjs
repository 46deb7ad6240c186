// `npm run generate:client -w @medsync/web`: writes src/api/schema.d.ts, the TypeScript types of
// every path, operation and schema of the API, from the committed OpenAPI document
// (apps/api/openapi.json, which a test keeps equal to the one the server serves). A test fails when
// the committed file and a fresh generation disagree: run this after changing the API.
import { writeFileSync } from 'node:fs';
import { generateSchema, SCHEMA_FILE } from './client-schema.mjs';

writeFileSync(SCHEMA_FILE, await generateSchema());
console.log(`wrote ${SCHEMA_FILE}`);
