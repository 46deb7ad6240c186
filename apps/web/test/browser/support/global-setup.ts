// Before the journeys: the web app is built once from the working tree, so that the servers the
// tests start serve exactly the code under test: the production build (Vitest sets NODE_ENV to
// `test`, which Vite would otherwise bake into the bundle, giving React's development build).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: fileURLToPath(new URL('../../../', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
