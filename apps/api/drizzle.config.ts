import { relative } from 'node:path';
import { defineConfig } from 'drizzle-kit';

// Generation works offline from the schema; migrations are applied by the app's own migrator.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  // drizzle-kit prefixes `out` with './', so an absolute path must be made relative.
  out: process.env.DRIZZLE_OUT ? relative(process.cwd(), process.env.DRIZZLE_OUT) : './migrations',
});
