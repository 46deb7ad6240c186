import { defineConfig } from 'vitest/config';

// The journeys in a real browser: each file starts its own server on a fresh embedded database
// (demo data loaded) and drives Debian's Chromium. Limits are sized for a busy 2-core machine;
// files run one after another so that two servers and browsers do not starve each other.
export default defineConfig({
  test: {
    name: 'browser',
    root: new URL('.', import.meta.url).pathname,
    include: ['test/browser/**/*.browser.test.ts'],
    globalSetup: ['test/browser/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    retry: 0,
  },
});
