// RFC 9457 problems as the web app sees them: every failed API call becomes an ApiProblem, and a
// page shows it through `problemMessage`, which prefers a catalog text for the problem's code.
import type { TFunction } from 'i18next';
import type { components } from './schema.js';

export type Problem = components['schemas']['Problem'];

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** A problem for a request that never reached the server (offline, DNS, aborted). */
export function networkProblem(): Problem {
  return {
    type: '/problems/network-error',
    title: 'Network error',
    status: 599,
    detail: 'The server could not be reached.',
    code: 'network-error',
    requestId: 'none',
  };
}

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

/**
 * The text to show for an error: the area's own words for its code when the area's catalog has
 * them (`<area>.problems.<code>`), else the shared catalog's, else the server's detail.
 */
export function problemMessage(t: TFunction, error: unknown, area?: string): string {
  const problem = error instanceof ApiProblem ? error.problem : isProblem(error) ? error : null;
  if (!problem) return t('problems.unexpected');
  const own = area ? t(`${area}.problems.${problem.code}`, { defaultValue: '' }) : '';
  if (own) return own;
  const key = `problems.codes.${problem.code}`;
  return t(key, { defaultValue: problem.detail || t('problems.unexpected') });
}
