// Before the journeys: the web app is built once from the working tree, so that the servers the
// tests start serve exactly the code under test.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ root: fileURLToPath(new URL('../../../', import.meta.url)), logLevel: 'warn' });
}
