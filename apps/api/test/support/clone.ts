import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputMatching, type RunningScript, startProcess } from './scripts.js';

// The workspace as an operator gets it: a fresh clone (the files git tracks or would track, no
// node_modules, dist or data), installed with `npm ci --omit=dev`, run through its npm scripts.
// For the production-path test and the start-up benchmark.

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** Copies the working tree's files (committed or not, never ignored ones) into a temp folder. */
export function cloneWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'medsync-clone-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file && existsSync(join(REPO, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO, file), join(dir, file));
  }
  return dir;
}

/** This process's environment without npm's run-time variables, which would steer a nested npm. */
function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]),
    ),
  );
}

/** Runs npm in the clone with `env` on top of a clean environment. */
export function npm(dir: string, args: string[], env: Record<string, string> = {}): RunningScript {
  const cleanEnv: Record<string, string> = { ...baseEnv(), LOG_LEVEL: 'info', ...env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR']) {
    if (!(name in env)) delete cleanEnv[name];
  }
  return startProcess('npm', args, cleanEnv, { cwd: dir, group: true });
}

/** `npm ci --omit=dev` from the local cache (no network); resolves with its duration in ms. */
export async function installProduction(dir: string): Promise<number> {
  const startedAt = performance.now();
  const install = npm(dir, ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund']);
  const code = await install.exited;
  if (code !== 0) throw new Error(`npm ci --omit=dev failed (${code}):\n${install.output()}`);
  return performance.now() - startedAt;
}

export interface StartedServer {
  script: RunningScript;
  port: number;
  /** From spawning `npm start` to the first 200 from /ready. */
  msToReady: number;
  /** SIGTERM to npm and the server (npm does not pass it on); resolves once both have ended. */
  stop(): Promise<void>;
}

/** `npm start` in the clone, resolved once /ready answers 200. */
export async function startUntilReady(
  dir: string,
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<StartedServer> {
  const startedAt = performance.now();
  const script = npm(dir, ['start'], { PORT: '0', ...env });
  const stop = async () => {
    if (script.child.exitCode === null) process.kill(-script.child.pid!, 'SIGTERM');
    await script.closed;
  };
  try {
    const [, port] = await outputMatching(
      script,
      /Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
      timeoutMs,
    );
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null);
      if (ready?.status === 200) {
        return { script, port: Number(port), msToReady: performance.now() - startedAt, stop };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`/ready never answered 200:\n${script.output()}`);
  } catch (err) {
    await stop();
    throw err;
  }
}
