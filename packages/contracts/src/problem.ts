import { type Static, Type } from 'typebox';

/** RFC 9457 problem details, as every 4xx/5xx response body. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the problem type' }),
    title: Type.String(),
    status: Type.Integer({ description: 'Equals the HTTP status code' }),
    detail: Type.String(),
    code: Type.String({ description: 'Machine-readable problem code' }),
    requestId: Type.String({ description: 'Quote this when reporting a problem' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
        description: 'One entry per invalid field; `path` is a JSON Pointer into the request',
      }),
    ),
  },
  { $id: 'Problem', title: 'Problem' },
);
export type Problem = Static<typeof Problem>;
