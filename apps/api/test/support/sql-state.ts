import { pgError } from '../../src/db/errors.js';

/** The SQLSTATE `work` fails with (bare or wrapped by Drizzle), or undefined if it succeeds. */
export async function sqlStateOf(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (err) {
    return pgError(err)?.code;
  }
  return undefined;
}
