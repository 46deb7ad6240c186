// The access log in words: each audited action (`<resource>.<verb>`) becomes a catalog key
// (`my-record.actions.<resource>_<verb>`); an action the catalog does not know yet is shown by
// its resource and verb, so that a new kind of event is never hidden from the patient.
import type { AccessLogEntryView } from '@medsync/contracts';

export function actionKey(action: string): string {
  return action.replace('.', '_');
}

export type Who = 'you' | 'role' | 'system';

/** Whether the entry was the patient themself, someone in a role, or no signed-in account. */
export function whoOf(entry: AccessLogEntryView, accountId: string | null): Who {
  if (entry.actorId !== null && entry.actorId === accountId) return 'you';
  if (entry.actorRole === null) return 'system';
  return 'role';
}

/** Stable React keys for rows that have no id: the row's content, numbered when it repeats. */
export function withKeys<T>(rows: readonly T[], base: (row: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const key = base(row);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return [`${key}#${n}`, row];
  });
}
