import { BadRequest } from './errors.js';

/** Keyset position: the sort value and id of the last item on the previous page. */
export interface Position {
  sort: string;
  /** Never null: a list ordered by id alone uses the id as its sort value. */
  value: string;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString(
    'base64url',
  );
}

/**
 * Decodes a cursor made for the same sort order; anything else is the client's error. The sort
 * value is always a string (`toPage` never writes another), so a forged `null` is refused here
 * rather than matching nothing; one the database would have to parse (a price) must also match
 * `valuePattern`, so that a forged cursor is a 400 here rather than a failed query.
 */
export function decodeCursor(
  cursor: string | undefined,
  sort: string,
  valuePattern?: RegExp,
): Position | null {
  if (cursor === undefined) return null;
  const invalid = () =>
    new BadRequest('invalid-cursor', 'The cursor is not valid for this list and sort order', [
      { field: 'cursor', in: 'query', message: 'must be a cursor returned by this list' },
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== sort ||
    typeof parsed[1] !== 'string' ||
    (valuePattern && !valuePattern.test(parsed[1])) ||
    typeof parsed[2] !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parsed[2])
  ) {
    throw invalid();
  }
  return { sort, value: parsed[1], id: parsed[2] };
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  sort: string,
  sortValue: (row: R) => string,
  present: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: more && last ? encodeCursor({ sort, value: sortValue(last), id: last.id }) : null,
  };
}
