import { type Static, Type } from 'typebox';
import { Int32 } from './common.js';

/** The bounds the problem handler holds every body to (apps/api `http/problem.ts`). */
export const PROBLEM_LIMITS = { detail: 512, errors: 100, path: 512, message: 256 } as const;

const ProblemCode = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'Machine-readable problem code',
});

/** RFC 9457 problem details, as every 4xx/5xx response body. */
export const Problem = Type.Object(
  {
    type: Type.String({
      pattern: '^/problems/[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 74,
      description: 'URI reference naming the problem type: `/problems/<code>`',
    }),
    title: Type.String({ maxLength: 64, description: 'The HTTP status text' }),
    status: Int32(400, 599, { description: 'Equals the HTTP status code' }),
    detail: Type.String({ maxLength: PROBLEM_LIMITS.detail }),
    code: ProblemCode,
    requestId: Type.String({
      pattern: '^[A-Za-z0-9._:-]+$',
      maxLength: 128,
      description: 'Quote this when reporting a problem',
    }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ maxLength: PROBLEM_LIMITS.path }),
          message: Type.String({ maxLength: PROBLEM_LIMITS.message }),
        }),
        {
          maxItems: PROBLEM_LIMITS.errors,
          description:
            'One entry per invalid field (the first 100); `path` is a JSON Pointer into the request',
        },
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem' },
);
export type Problem = Static<typeof Problem>;
