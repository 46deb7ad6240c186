import { PROBLEM_LIMITS } from '@medsync/contracts';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import {
  BadRequest,
  Conflict,
  Forbidden,
  NotFound,
  ServiceUnavailable,
  Unauthorized,
  Unprocessable,
} from '../shared/errors.js';
import { fieldPointer, pointedField, toProblem } from './problem.js';
import { validatorCompiler } from './validation.js';

/** The AJV errors the app's own validator reports for `data` against `schema`. */
function ajvErrors(httpPart: string, schema: object, data: unknown): unknown[] {
  const validate = validatorCompiler()({ schema, method: 'POST', url: '/x', httpPart });
  expect(validate(data)).toBe(false);
  return [...(validate.errors ?? [])];
}

/** What Fastify throws when a request fails its schema. */
function validationError(context: string, errors: unknown[]): Error {
  return Object.assign(new Error(`${context} must be valid`), {
    code: 'FST_ERR_VALIDATION',
    statusCode: 400,
    validation: errors,
    validationContext: context,
  });
}

/** A driver error as Drizzle wraps it: the SQLSTATE sits on `cause`. */
function drizzleError(code: string): Error {
  const cause = Object.assign(new Error('could not serialize access'), { code });
  return Object.assign(
    new Error('Failed query: update doctors set price = $1\nparams: 12.00', { cause }),
    { name: 'DrizzleQueryError', query: 'update doctors set price = $1', params: ['12.00'] },
  );
}

describe('toProblem: domain errors', () => {
  it.each([
    [new BadRequest('bad-thing', 'Bad thing'), 400, 'Bad Request'],
    [new Unauthorized('unauthenticated', 'Log in'), 401, 'Unauthorized'],
    [new Forbidden('forbidden', 'Not yours'), 403, 'Forbidden'],
    [new NotFound('Doctor'), 404, 'Not Found'],
    [new Conflict('taken', 'Already taken'), 409, 'Conflict'],
    [new Unprocessable('too-late', 'Too late to cancel'), 422, 'Unprocessable Entity'],
    [new ServiceUnavailable('busy', 'Try later'), 503, 'Service Unavailable'],
  ])('maps %s to its status, code and detail', (err, status, title) => {
    expect(toProblem(err)).toEqual({
      type: `/problems/${err.code}`,
      title,
      status,
      detail: err.message,
      code: err.code,
    });
  });

  it('points a field the domain error names into the body unless it says otherwise', () => {
    const errors = [{ field: 'name', message: 'is already used' }];
    expect(toProblem(new Conflict('name-taken', 'Name taken', errors))).toMatchObject({
      status: 409,
      errors: [{ path: '/body/name', message: 'is already used' }],
    });
  });

  it('points query and path-parameter fields under /query and /params', () => {
    const err = new BadRequest('bad-list', 'Bad list', [
      { field: 'cursor', in: 'query', message: 'must be a cursor returned by this list' },
      { field: 'id', in: 'params', message: 'is unknown' },
      { field: 'startAt', in: 'body', message: 'is taken' },
    ]);
    expect(toProblem(err).errors).toEqual([
      { path: '/query/cursor', message: 'must be a cursor returned by this list' },
      { path: '/params/id', message: 'is unknown' },
      { path: '/body/startAt', message: 'is taken' },
    ]);
  });

  it('points nested and array fields step by step, keeping the order and every entry', () => {
    const err = new Unprocessable('overlapping-hours', 'Opening intervals overlap', [
      { field: 'workingHours/2', message: 'overlaps Mon 08:00–12:00' },
      { field: 'intervals/0/opensAt', message: 'must differ from closesAt' },
      { field: 'workingHours/2', message: 'overlaps Mon 08:00–12:00' },
    ]);
    expect(toProblem(err).errors).toEqual([
      { path: '/body/workingHours/2', message: 'overlaps Mon 08:00–12:00' },
      { path: '/body/intervals/0/opensAt', message: 'must differ from closesAt' },
      { path: '/body/workingHours/2', message: 'overlaps Mon 08:00–12:00' },
    ]);
  });

  it('reads a pointer it built back as the field it names', () => {
    for (const field of [
      { field: 'startAt', in: 'body' as const, message: 'is taken' },
      { field: 'cursor', in: 'query' as const, message: 'is not valid' },
      { field: 'workingHours/2/opensAt', in: 'body' as const, message: 'is empty' },
    ]) {
      expect(pointedField(fieldPointer(field))).toEqual(field);
    }
  });

  it('sends exactly path and message for each field, in that order', () => {
    const err = new BadRequest('invalid-cursor', 'Bad cursor', [
      { message: 'must be a cursor returned by this list', in: 'query', field: 'cursor' },
    ]);
    expect(JSON.stringify(toProblem(err).errors)).toBe(
      '[{"path":"/query/cursor","message":"must be a cursor returned by this list"}]',
    );
  });

  it('says which resource was not found', () => {
    expect(toProblem(new NotFound('Specialty'))).toMatchObject({
      code: 'not-found',
      detail: 'Specialty not found',
    });
  });
});

describe('toProblem: validation errors', () => {
  const Body = Type.Object(
    { name: Type.String({ maxLength: 5 }), note: Type.Optional(Type.String({ maxLength: 3 })) },
    { additionalProperties: false },
  );

  it('lists a missing, an unknown and an over-long body field, each with its JSON pointer', () => {
    const errors = ajvErrors('body', Body, { note: 'too long', role: 'admin' });
    expect(toProblem(validationError('body', errors))).toEqual({
      type: '/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid; see errors for each field',
      code: 'validation-failed',
      errors: expect.arrayContaining([
        { path: '/body/name', message: 'is required' },
        { path: '/body/role', message: 'is not an allowed property' },
        { path: '/body/note', message: 'must NOT have more than 3 characters' },
      ]),
    });
    expect(toProblem(validationError('body', errors)).errors).toHaveLength(3);
  });

  it('keeps a body within the bounds its schema documents, however many fields are bad', () => {
    const Wide = Type.Object({}, { additionalProperties: false });
    const long = 'k'.repeat(PROBLEM_LIMITS.path * 2);
    const data = Object.fromEntries(
      Array.from({ length: PROBLEM_LIMITS.errors + 20 }, (_, i) => [`${long}${i}`, 1]),
    );
    const problem = toProblem(validationError('body', ajvErrors('body', Wide, data)));
    expect(problem.errors).toHaveLength(PROBLEM_LIMITS.errors);
    for (const e of problem.errors ?? []) {
      expect(e.path.length).toBeLessThanOrEqual(PROBLEM_LIMITS.path);
      expect(e.path.startsWith('/body/kkkk')).toBe(true);
    }
    const wordy = toProblem(new Conflict('busy', 'x'.repeat(PROBLEM_LIMITS.detail + 1)));
    expect(wordy.detail).toHaveLength(PROBLEM_LIMITS.detail);
  });

  it('points into nested bodies', () => {
    const Nested = Type.Object({ items: Type.Array(Type.Object({ qty: Type.Integer() })) });
    const errors = ajvErrors('body', Nested, { items: [{ qty: 1 }, { qty: 'two' }] });
    expect(toProblem(validationError('body', errors)).errors).toEqual([
      { path: '/body/items/1/qty', message: 'must be integer' },
    ]);
  });

  it('names query-string fields under /query', () => {
    const Query = Type.Object(
      { limit: Type.Integer({ maximum: 100 }) },
      { additionalProperties: false },
    );
    const errors = ajvErrors('querystring', Query, { limit: '101', sort: 'x' });
    expect(toProblem(validationError('querystring', errors)).errors).toEqual(
      expect.arrayContaining([
        { path: '/query/limit', message: 'must be <= 100' },
        { path: '/query/sort', message: 'is not an allowed property' },
      ]),
    );
  });

  describe('a nullable field with a pattern', () => {
    const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 20 });
    const Body = Type.Object({ url: Type.Union([Url, Type.Null()]) });

    it('reports one error from the branch the value fits, not one per branch', () => {
      const errors = ajvErrors('body', Body, { url: 'ftp://not a url' });
      expect(errors.length).toBeGreaterThan(1); // pattern, format, "must be null", anyOf
      expect(toProblem(validationError('body', errors)).errors).toEqual([
        { path: '/body/url', message: 'must match pattern "^https?://"' },
      ]);
    });

    it('names the types it takes when the value has none of them', () => {
      const errors = ajvErrors('body', Body, { url: 42 });
      expect(toProblem(validationError('body', errors)).errors).toEqual([
        { path: '/body/url', message: 'must be string or null' },
      ]);
    });

    it('keeps the errors of other fields and of nested unions apart', () => {
      const Nested = Type.Object({
        name: Type.String({ maxLength: 3 }),
        items: Type.Array(Type.Object({ url: Type.Union([Url, Type.Null()]) })),
      });
      const errors = ajvErrors('body', Nested, {
        name: 'too long',
        items: [{ url: null }, { url: 'x' }, { url: true }],
      });
      expect(toProblem(validationError('body', errors)).errors).toEqual([
        { path: '/body/name', message: 'must NOT have more than 3 characters' },
        { path: '/body/items/1/url', message: 'must match pattern "^https?://"' },
        { path: '/body/items/2/url', message: 'must be string or null' },
      ]);
    });
  });

  it('names path parameters under /params', () => {
    const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
    const errors = ajvErrors('params', Params, { id: 'nope' });
    expect(toProblem(validationError('params', errors))).toMatchObject({
      status: 400,
      errors: [{ path: '/params/id', message: 'must match format "uuid"' }],
    });
  });
});

describe('toProblem: failures', () => {
  it('answers 503 for a serialization failure Drizzle wrapped (SQLSTATE on err.cause.code)', () => {
    expect(toProblem(drizzleError('40001'))).toEqual({
      type: '/problems/unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The service is briefly unavailable; retry shortly',
      code: 'unavailable',
    });
  });

  it('answers 503 for a deadlock', () => {
    expect(toProblem(drizzleError('40P01')).status).toBe(503);
  });

  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'CONNECT_TIMEOUT',
    'POOL_TIMEOUT',
    '57P01',
    '57P03',
    '57014',
    '08006',
    '08001',
  ])(
    'answers 503 database-unavailable for a lost database (%s), bare or wrapped by Drizzle',
    (code) => {
      const lost = Object.assign(new Error(`write ${code} db:5432`), { code });
      const wrapped = Object.assign(new Error('Failed query: insert …'), { cause: lost });
      for (const err of [lost, wrapped]) {
        expect(toProblem(err)).toEqual({
          type: '/problems/database-unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database is not reachable; retry shortly',
          code: 'database-unavailable',
        });
      }
    },
  );

  it('answers 500 for an unknown error and discloses nothing of it', () => {
    const err = new Error('patient Jane Roe: relation "secret_table" does not exist');
    const problem = toProblem(err);
    expect(problem).toEqual({
      type: '/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
      code: 'internal',
    });
    expect(JSON.stringify(problem)).not.toMatch(/Jane|secret_table|relation/);
  });

  it('answers 500 for a database error no service translated, without its SQL or values', () => {
    const problem = toProblem(drizzleError('23505'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toMatch(/doctors|params|12\.00|serialize/);
  });

  it('answers 500 for anything thrown that is not an Error, even null or undefined', () => {
    for (const thrown of ['a string', 42, null, undefined]) {
      expect(toProblem(thrown)).toMatchObject({ status: 500, code: 'internal' });
    }
  });

  it('maps framework errors to fixed details that never echo the request', () => {
    const tooLarge = Object.assign(new Error('Request body is too large: 70000 bytes'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toProblem(tooLarge)).toMatchObject({ status: 413, code: 'body-too-large' });
    const badJson = Object.assign(new Error('Unexpected token } in JSON: {"ssn":"123-45"'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toProblem(badJson)).toMatchObject({ status: 400, code: 'invalid-json' });
    expect(JSON.stringify(toProblem(badJson))).not.toContain('123-45');
  });

  it('keeps the status of any other client error but replaces its message', () => {
    const err = Object.assign(new Error('Method FOO with body {"name":"Jane"}'), {
      statusCode: 405,
    });
    expect(toProblem(err)).toEqual({
      type: '/problems/bad-request',
      title: 'Method Not Allowed',
      status: 405,
      detail: 'Method Not Allowed',
      code: 'bad-request',
    });
  });
});
