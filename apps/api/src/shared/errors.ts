/** The part of the input a field belongs to (as OpenAPI's `in`); the body unless said otherwise. */
export type FieldSource = 'body' | 'query' | 'params';

/**
 * A field-level problem, naming the field as the input names it, not where a transport carries
 * it: `startAt`; a nested field is its steps joined by `/`, array indexes counted from 0
 * (`workingHours/2/opensAt`); names never hold `/` or `~`. Each adapter locates it its own
 * way: the HTTP layer answers `/body/startAt`, or `/query/cursor` for `cursor` in `query`.
 */
export interface FieldError {
  field: string;
  in?: FieldSource;
  message: string;
}

/** Errors a client can cause. The HTTP layer maps each to an RFC 9457 problem response. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(
    readonly code: string,
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  readonly status = 400;
  readonly title = 'Bad request';
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(resource: string) {
    super('not-found', `${resource} not found`);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class Unprocessable extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable content';
}

/** Throttled: `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    code: string,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, detail);
  }
}

export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
}

/** The content is not of a type the route accepts (decided from the bytes, not the label). */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}
