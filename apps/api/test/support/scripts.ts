import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Node arguments that run one of the API's TypeScript entry points (`src/server.ts`,
 * `src/cli/…`) as its npm script does: through tsx, with workspace packages from their sources.
 */
export function tsxArgs(entry: string, ...args: string[]): string[] {
  const path = fileURLToPath(new URL(`../../${entry}`, import.meta.url));
  return ['--conditions=source', '--import', 'tsx', path, ...args];
}

export interface RunningScript {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The exit code, once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts an entry point as its own process, with only PATH and `env` in its environment. */
export function startScript(entry: string, env: Record<string, string>): RunningScript {
  const child = spawn(process.execPath, tsxArgs(entry), {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the script's output matches `pattern`; returns the match. */
export async function outputMatching(
  script: RunningScript,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const match = pattern.exec(script.output());
    if (match) return match;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no output matching ${pattern}:\n${script.output()}`);
}
