import { defineConfig } from 'vitest/config';

// One run over every workspace package; each package's own vitest.config.ts says how its tests run.
export default defineConfig({
  test: {
    projects: ['apps/*', 'packages/*'],
  },
});
