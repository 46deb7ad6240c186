import { type TSchema, Type } from 'typebox';

// The list conventions: `limit` (default 20, at most 100) and an opaque `cursor` in, `{ items,
// nextCursor }` out. Encoding and decoding cursors is the server's business (apps/api http/).

export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 });
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from a previous page',
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page',
    }),
  });
