import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Limits for tests that start processes or wait on them, sized for a busy 2-core machine (a
 * server start took over 30 s there under load). A file opts in with `vi.setConfig(…)`.
 */
export const PROCESS_TEST_TIMEOUTS = { testTimeout: 120_000, hookTimeout: 180_000 } as const;

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
  /** Once its output has closed: the process and every child that inherited it have ended. */
  closed: Promise<void>;
}

/** Starts an entry point as its own process, with only PATH and `env` in its environment. */
export function startScript(entry: string, env: Record<string, string>): RunningScript {
  return startProcess(process.execPath, tsxArgs(entry), {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'info',
    ...env,
  });
}

/**
 * Starts any command with exactly `env`, capturing its output; `cwd` defaults to this one. With
 * `group`, the command leads a process group of its own (`npm run` starts children): signal
 * them all with `process.kill(-child.pid, signal)`.
 */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; group?: boolean } = {},
): RunningScript {
  const child = spawn(command, args, {
    env,
    cwd: options.cwd,
    detached: options.group ?? false,
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
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, output: () => output, exited, closed };
}

/** Waits until the script's output matches `pattern`; returns the match. */
export async function outputMatching(
  script: RunningScript,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const match = pattern.exec(script.output());
    if (match) return match;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no output matching ${pattern}:\n${script.output()}`);
}
