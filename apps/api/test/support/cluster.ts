import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of a test's own (never the shared server): initdb into a temporary folder,
 * its own port and socket folder, trust authentication. As root, its commands run as `postgres`.
 */
export interface PrivateCluster {
  /** The superuser's URL of the `postgres` database. */
  url: string;
  /** Starts the cluster and waits until it accepts connections. */
  start(): Promise<void>;
  /** `immediate` is a crash: every backend killed, recovery on the next start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it if running and deletes its folder. */
  remove(): Promise<void>;
}

function binaries(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
}

const asPostgres = (command: string, args: string[]) =>
  userInfo().uid === 0
    ? run('runuser', ['-u', 'postgres', '--', command, ...args])
    : run(command, args);

export async function createPrivateCluster(): Promise<PrivateCluster> {
  const bin = binaries();
  const dir = mkdtempSync(join(tmpdir(), 'medsync-cluster-'));
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  await asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (...args: string[]) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let running = false;
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pgCtl('-o', `-p ${port} -k ${dir} -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start');
      running = true;
    },
    async stop(mode = 'fast') {
      await pgCtl('-m', mode, '-w', 'stop');
      running = false;
    },
    async remove() {
      if (running) await cluster.stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
