// The client's side of the server's rules, checked before sending so that most mistakes are
// told on the field at once; the server checks again and its answer is shown the same way.
import type { TFunction } from 'i18next';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** A message for a password the server would refuse for its length, else null. */
export function passwordRule(t: TFunction, value: string): string | null {
  const length = [...value.normalize('NFKC')].length;
  if (length === 0) return null;
  if (length < PASSWORD_MIN_LENGTH) return t('account.problems.passwordTooShort');
  if (length > PASSWORD_MAX_LENGTH) return t('account.problems.passwordTooLong');
  return null;
}

/** Today's date in the browser's calendar, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
