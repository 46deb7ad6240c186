import { createInterface } from 'node:readline';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { AdminSetupError, createAdmin } from '../modules/auth/index.js';
import { applyMigrations, EXIT, openConfiguredDatabase, reportFailure } from './migrate.js';

// `npm run admin:create -- --email someone@example.org`: creates an admin account. The password
// comes from ADMIN_PASSWORD or standard input, never from the arguments, which other users of
// the machine can read in the process list and which stay in the shell's history.

const USAGE = `usage: npm run admin:create -- --email <address>

Creates an admin account on DATABASE_URL, or on the embedded database without it.
The password is read from the environment variable ADMIN_PASSWORD, or else from standard
input (typed at a prompt, or the first line of what is piped in).`;

const EmailAddress = Type.String({ format: 'email', maxLength: 254 });

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(EXIT.usage);
}

/** The address from `--email x` or `--email=x`; exits 2 on anything else. */
function emailFrom(argv: string[]): string {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const inline = argv.length === 1 && argv[0]!.startsWith('--email=');
  const [flag, value] = inline ? ['--email', argv[0]!.slice('--email='.length)] : argv;
  if (flag !== '--email' || value === undefined || (!inline && argv.length !== 2)) {
    usageError('expected exactly one argument: --email <address>');
  }
  if (!Value.Check(EmailAddress, value)) usageError('--email: not an e-mail address');
  return value;
}

/** Reads a line from a terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve) => {
    let typed: string[] = [];
    const finish = (value: string) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(typed.join(''));
        if (ch === '\u0003') return finish(''); // Ctrl-C: no password
        typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : [...typed, ch];
      }
    };
    stdin.on('data', onData);
  });
}

async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) return promptHidden('Password for the new admin: ');
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(): Promise<void> {
  const email = emailFrom(process.argv.slice(2));
  const password = process.env.ADMIN_PASSWORD || (await passwordFromStdin());
  if (!password) usageError('no password: set ADMIN_PASSWORD or type it on standard input');
  // The server's configuration reads these as the bootstrap admin; this command has its own.
  delete process.env.ADMIN_PASSWORD;
  delete process.env.ADMIN_EMAIL;
  const opened = await openConfiguredDatabase();
  const { database, target } = opened;
  try {
    await applyMigrations(opened);
    const created = await createAdmin(
      database.db,
      { email, password },
      {
        origin: 'cli',
        sources: { email: '--email', password: 'the password' },
        onlyIfNoAdmin: false,
      },
    );
    console.log(`created admin account ${created?.id} in ${target}`);
  } catch (err) {
    if (err instanceof AdminSetupError) {
      console.error(err.message);
      process.exitCode = err.kind === 'input' ? EXIT.usage : EXIT.failure;
    } else {
      reportFailure('creating the admin', opened, err);
    }
  } finally {
    await database.close();
  }
}

await main();
