import { type TSchema, Type } from 'typebox';
import { Int32 } from './common.js';

// The list conventions: `limit` (default 20, at most 100) and an opaque `cursor` in, `{ items,
// nextCursor }` out. Encoding and decoding cursors is the server's business (apps/api http/).

export const MAX_PAGE_SIZE = 100;
export const Limit = Type.With(Int32(1, MAX_PAGE_SIZE), { default: 20 });
// The last item's sort value (a name of up to 128 characters, JSON-escaped) and id, base64url:
// at most about 1,100 characters, so that every cursor the server issues is one it accepts.
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from a previous page',
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item, { maxItems: MAX_PAGE_SIZE, description: 'At most `limit` items' }),
    nextCursor: Type.Union([Cursor, Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page',
    }),
  });
