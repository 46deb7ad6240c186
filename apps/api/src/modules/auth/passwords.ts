import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { Unprocessable } from '../../shared/errors.js';

// NIST SP 800-63B: length is what counts; no composition rules; any Unicode; refuse passwords
// that appear in common-password lists or are otherwise trivially guessed.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// OWASP's Argon2id baseline: 19 MiB of memory, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const estimator = new ZxcvbnFactory({
  dictionary: { ...dictionary },
  graphs: adjacencyGraphs,
  useLevenshteinDistance: true,
});

/** Unicode has several encodings of one visible string; hash a single one of them. */
const normalize = (password: string) => password.normalize('NFKC');

/** Throws a 422 naming `field` unless the password may be used; `context` are the user's own words. */
export function checkPasswordPolicy(password: string, field: string, context: string[] = []): void {
  const length = [...normalize(password)].length;
  let message: string | null = null;
  if (length < PASSWORD_MIN_LENGTH)
    message = `must have at least ${PASSWORD_MIN_LENGTH} characters`;
  else if (length > PASSWORD_MAX_LENGTH)
    message = `must have at most ${PASSWORD_MAX_LENGTH} characters`;
  else if (estimator.check(password, context).score < 3) {
    message = 'is too common or too easy to guess; a few unrelated words make a good password';
  }
  if (message)
    throw new Unprocessable('weak-password', 'The password cannot be used', [{ field, message }]);
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    return false; // an unusable or malformed stored hash never verifies
  }
}

// A real Argon2id hash of a random secret, made once: verifying against it costs what verifying
// a stored hash costs, so an unknown account answers as slowly as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Verifies against the stored hash, or, without one, against a dummy hash that never matches. */
export async function verifyPasswordOrDummy(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (passwordHash !== null) return verifyPassword(passwordHash, password);
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}
