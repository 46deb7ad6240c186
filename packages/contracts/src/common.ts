import { type TSchema, Type } from 'typebox';

// Shared building blocks of request and response schemas. One schema per shape (STYLE.md): a
// field validates requests and describes responses with the same bounds, so that the document
// tells a client's generator how large each value can be (every string a maxLength, every array
// a maxItems, every integer a 32-bit format and its range).

export const INT32_MAX = 2_147_483_647;
/** An integer within [minimum, maximum], stored in a 32-bit column. */
export const Int32 = (minimum: number, maximum: number, options: { description?: string } = {}) =>
  Type.Integer({ format: 'int32', minimum, maximum, ...options });
/** A count of rows or events, as the INTEGER columns that hold them. */
export const Count = (description: string) => Int32(0, INT32_MAX, { description });

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** For routes that take no query: `?patientId=…` and the like are refused, never ignored. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** A DECIMAL(10,2) amount as a string: never a float. */
export const Money = Type.String({
  pattern: '^(0|[1-9][0-9]{0,7})(\\.[0-9]{1,2})?$',
  maxLength: 11,
  description: 'Decimal amount with up to two fraction digits, as a string',
  examples: ['1500.00'],
});
export const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  maxLength: 3,
  description: 'ISO 4217 currency code',
  examples: ['EUR'],
});
export const Instant = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 instant',
});
/** A local date in the location's zone; `example` is shown in the API reference. */
export const LocalDate = (example: string) =>
  Type.String({
    format: 'date',
    maxLength: 10,
    description: 'Local date in the location’s time zone, YYYY-MM-DD',
    examples: [example],
  });
export const LocalTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  maxLength: 5,
  description: 'Local wall-clock time HH:MM',
  examples: ['08:30'],
});
export const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength });
export const LongText = Type.String({ maxLength: 10_000 });
export const Email = Type.String({ format: 'email', maxLength: 254 });
/** The four roles of an account. */
export const Role = Type.Enum(['patient', 'doctor', 'staff', 'admin']);
/** Bumped by every change of a mutable row; sent back to change it (compare-and-swap). */
export const Version = Int32(0, INT32_MAX, {
  description: 'Bumped by every change; send it back to change the row (compare-and-swap)',
});
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ActiveFilter = Type.Enum(['active', 'inactive', 'all'], {
  default: 'active',
  description: 'Which records to list by their active flag',
});
