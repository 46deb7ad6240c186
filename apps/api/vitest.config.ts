import { defineProject } from 'vitest/config';

// Tests named *.pg.int.test.ts (database tier) or *.pg.http.test.ts (HTTP tier) need a PostgreSQL
// server (several connections, real concurrency): they run in the server pass (TEST_DATABASE_URL
// set) and the embedded pass leaves them out.
const serverOnly = process.env.TEST_DATABASE_URL
  ? []
  : ['**/*.pg.int.test.ts', '**/*.pg.http.test.ts'];

// Workspace packages are imported from their TypeScript sources (their `source` export).
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: 'api',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...serverOnly],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file builds its own database; a failing test must not hide behind retries.
    retry: 0,
  },
});
