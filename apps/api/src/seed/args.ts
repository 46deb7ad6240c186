import { parseArgs } from 'node:util';

/** Far beyond any realistic directory (50,000 clinics); guards against a typo seeding for hours. */
export const MAX_SCALE = 1000;

export class UsageError extends Error {
  override name = 'UsageError';
}

export type SeedRequest = { kind: 'demo' } | { kind: 'scale'; scale: number } | { kind: 'help' };

export const SEED_USAGE = `usage: npm run db:seed -- [--scale N]

  (no options)  load the demo clinic network: 5 clinics in 4 time zones, 40 doctors
  --scale N     load N x (50 clinics, 1,000 doctors, 200 diagnostic offers) plus the fixed
                catalog of 20 specialties and 20 diagnostics; N is a positive decimal
                such as 0.1, 1 or 10 (at most ${MAX_SCALE})

The database is DATABASE_URL, or the embedded one at DATA_DIR when unset. Migrations run
first. The same N always gives the same rows and ids; running it again inserts nothing.`;

export function parseSeedArgs(argv: readonly string[]): SeedRequest {
  let values: { scale?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: joinNegativeScale(argv),
      options: { scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { kind: 'help' };
  if (values.scale === undefined) return { kind: 'demo' };
  return { kind: 'scale', scale: parseScale(values.scale) };
}

// `--scale -1` would otherwise fail as "argument is ambiguous"; joined, parseScale explains it.
const joinNegativeScale = (argv: readonly string[]): string[] =>
  argv.flatMap((arg, i) => {
    if (arg === '--scale' && /^-\d/.test(argv[i + 1] ?? '')) return [`--scale=${argv[i + 1]}`];
    if (argv[i - 1] === '--scale' && /^-\d/.test(arg)) return [];
    return [arg];
  });

/** A plain positive decimal: no signs, exponents or hex, so what was typed is what is seeded. */
export function parseScale(text: string): number {
  const scale = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(scale > 0 && scale <= MAX_SCALE)) {
    throw new UsageError(
      `--scale must be a number greater than 0 and at most ${MAX_SCALE} (e.g. 0.1, 1, 10), got '${text}'`,
    );
  }
  return scale;
}
