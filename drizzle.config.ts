import { defineConfig } from 'drizzle-kit';

// Generation works offline from the schema; migrations are applied by the app's own migrator.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: process.env.DRIZZLE_OUT ?? './migrations',
});
