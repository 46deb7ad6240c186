import { connect, createServer, type Server, type Socket } from 'node:net';

// A TCP proxy between the app and PostgreSQL that can lose a connection exactly at COMMIT, for
// tests of "the outcome of this transaction is unknown to the app". It reads the frontend side
// of the wire protocol (simple Query 'Q', extended Parse 'P' / Bind 'B' with named statements,
// as postgres.js and node-postgres send them) and, when armed, acts on the COMMIT of the first
// transaction that inserted into `watchTable`:
//   - 'before': drops both sockets instead of passing the COMMIT on: the server rolls back;
//   - 'after': passes the COMMIT on, waits for the server's CommandComplete "COMMIT", and drops
//     both sockets instead of passing it back: committed, and the app never learns it.

export type TrapMode = 'before' | 'after';

export interface CommitTrap {
  /** The URL to connect through: `target` with the proxy's host and port. */
  url: string;
  /** Arms the trap for the next matching COMMIT; resolves once it has fired. */
  arm(mode: TrapMode): Promise<void>;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const COMMIT = /^\s*commit\s*;?\s*$/i;
const COMMIT_COMPLETE = Buffer.from('COMMIT\0');

export async function startCommitTrap(target: string, watchTable: string): Promise<CommitTrap> {
  const upstream = new URL(target);
  const inserts = new RegExp(`^\\s*insert\\s+into\\s+"?${watchTable}"?`, 'i');
  let armed: { mode: TrapMode; fired: () => void } | null = null;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const backend = connect(Number(upstream.port || 5432), upstream.hostname);
    for (const s of [client, backend]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const drop = () => {
      client.destroy();
      backend.destroy();
    };
    client.on('close', () => backend.destroy());
    backend.on('close', () => client.destroy());

    const statements = new Map<string, string>();
    let pending = Buffer.alloc(0);
    let started = false;
    let insertedWatched = false;
    let withholding: (() => void) | null = null;

    /** The SQL a frontend message runs, if it runs any. */
    const textOf = (type: number, message: Buffer): string | null => {
      const cstrings = message.subarray(5).toString('utf8').split('\0');
      if (type === 0x51) return cstrings[0] ?? null; // Query: text
      if (type === 0x50) {
        statements.set(cstrings[0] ?? '', cstrings[1] ?? ''); // Parse: name, text
        return null;
      }
      if (type === 0x42) return statements.get(cstrings[1] ?? '') ?? null; // Bind: portal, name
      return null;
    };

    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          started = pending.readInt32BE(4) !== SSL_REQUEST;
          backend.write(pending.subarray(0, length));
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const total = 1 + pending.readInt32BE(1);
        if (pending.length < total) return;
        const message = pending.subarray(0, total);
        pending = pending.subarray(total);
        const text = textOf(message[0]!, message);
        if (text !== null && inserts.test(text)) insertedWatched = true;
        if (text !== null && COMMIT.test(text) && insertedWatched && armed) {
          const { mode, fired } = armed;
          armed = null;
          if (mode === 'before') {
            drop();
            fired();
            return;
          }
          withholding = fired;
        }
        if (text !== null && COMMIT.test(text)) insertedWatched = false;
        backend.write(message);
      }
    });

    let answer = Buffer.alloc(0);
    backend.on('data', (chunk: Buffer) => {
      if (!withholding) {
        client.write(chunk);
        return;
      }
      answer = Buffer.concat([answer, chunk]);
      if (answer.includes(COMMIT_COMPLETE)) {
        const fired = withholding;
        withholding = null;
        drop();
        fired();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);

  return {
    url: url.toString(),
    arm: (mode) =>
      new Promise<void>((resolve) => {
        armed = { mode, fired: resolve };
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
