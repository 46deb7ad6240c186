import { fileURLToPath } from 'node:url';

/**
 * Node arguments that run one of the API's TypeScript entry points (`src/server.ts`,
 * `src/cli/…`) as its npm script does: through tsx, with workspace packages from their sources.
 */
export function tsxArgs(entry: string, ...args: string[]): string[] {
  const path = fileURLToPath(new URL(`../../${entry}`, import.meta.url));
  return ['--conditions=source', '--import', 'tsx', path, ...args];
}
