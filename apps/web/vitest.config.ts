import { defineProject } from 'vitest/config';

// Unit tests of the web app's logic (formatting, catalogs, the client's drift from the API).
// The browser journeys have their own config (vitest.browser.config.ts): `npm run test:browser`.
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/browser/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
