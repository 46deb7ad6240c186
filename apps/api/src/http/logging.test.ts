import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  correlationIdOf,
  createLogger,
  errorForLog,
  loggerOptions,
  requestIdFor,
} from './logging.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A query error as Drizzle throws it: the message embeds the parameters. */
function drizzleQueryError(): Error {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
    name: 'PostgresError',
    code: '23505',
    constraint_name: 'specialties_name_key',
    detail: 'Key (lower(name::text))=(secret-value) already exists.',
  });
  return Object.assign(
    new Error(
      'Failed query: insert into "specialties" ("name") values ($1)\nparams: secret-value',
      {
        cause,
      },
    ),
    {
      name: 'DrizzleQueryError',
      query: 'insert into "specialties" ("name") values ($1)',
      params: ['secret-value'],
    },
  );
}

const requestWith = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;

describe('errorForLog', () => {
  it('keeps the SQLSTATE, constraint and SQL text of a query error, never its parameters', () => {
    const logged = errorForLog(drizzleQueryError());
    expect(logged).toMatchObject({
      type: 'DrizzleQueryError',
      query: 'insert into "specialties" ("name") values ($1)',
      cause: { type: 'PostgresError', code: '23505', constraint: 'specialties_name_key' },
    });
    const text = JSON.stringify(logged);
    expect(text).not.toContain('secret-value');
    expect(text).not.toContain('already exists');
    expect(logged.stack).toBeUndefined();
  });

  it('recognises Drizzle’s own error class, whose name is plain "Error", by its query', () => {
    const cause = Object.assign(new Error('relation does not exist'), { code: '42P01' });
    const err = new DrizzleQueryError('select * from t where note = $1', ['secret-value'], cause);
    const logged = errorForLog(err);
    expect(logged).toMatchObject({
      message: 'database query failed',
      query: 'select * from t where note = $1',
      cause: { code: '42P01' },
    });
    expect(JSON.stringify(logged)).not.toContain('secret-value');
  });

  it('reads the constraint name PGlite reports as `constraint`', () => {
    const cause = Object.assign(new Error('check violated'), {
      code: '23514',
      constraint: 'doctors_price_check',
      detail: 'Failing row contains (secret-value).',
    });
    const err = Object.assign(new Error('Failed query: …\nparams: secret-value', { cause }), {
      name: 'DrizzleQueryError',
      query: 'insert into doctors …',
    });
    const logged = errorForLog(err);
    expect(logged.cause).toMatchObject({ code: '23514', constraint: 'doctors_price_check' });
    expect(JSON.stringify(logged)).not.toContain('secret-value');
  });

  it('keeps the message, code and stack of an ordinary error', () => {
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(errorForLog(err)).toMatchObject({
      type: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
      stack: err.stack,
    });
  });

  it('describes a thrown non-error without its value', () => {
    expect(errorForLog('secret-value')).toEqual({ message: 'non-error thrown', type: 'string' });
  });

  it('is what the production logger writes for a raw `err`', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    pino(loggerOptions('info'), stream).error({ err: drizzleQueryError() }, 'request failed');
    const line = JSON.parse(lines.join('')) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '23505' } });
    expect(lines.join('')).not.toContain('secret-value');
  });
});

describe('requestIdFor', () => {
  it('is the server’s own UUID, whatever x-request-id the client sent', () => {
    for (const sent of ['abc-123', 'a'.repeat(128), 'abc\n{"level":60}', '']) {
      const id = requestIdFor(requestWith({ 'x-request-id': sent }));
      expect(id).toMatch(UUID);
      expect(id).not.toBe(sent);
    }
  });

  it('makes a fresh UUID for each request that sends none', () => {
    const first = requestIdFor(requestWith({}));
    const second = requestIdFor(requestWith({}));
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });
});

describe('createLogger', () => {
  /** A stream that records what is written, posing as a terminal or a pipe. */
  function capture(isTTY: boolean) {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return { stream: Object.assign(stream, { isTTY }) as unknown as NodeJS.WriteStream, chunks };
  }

  it('writes one JSON object per line when the output is not a terminal', () => {
    const { stream, chunks } = capture(false);
    createLogger('info', stream).info({ bookingId: 'b-1' }, 'booking cancelled');
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      msg: 'booking cancelled',
      bookingId: 'b-1',
    });
  });

  it('writes one readable line per event on a terminal', () => {
    const { stream, chunks } = capture(true);
    createLogger('info', stream).warn('demo accounts created; sign in with the password x-y-z');
    const text = chunks.join('');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] .*WARN.*: .*demo accounts created; sign in with the password x-y-z/,
    );
    expect(text).not.toContain('"level"');
  });
});

describe('correlationIdOf', () => {
  it('keeps a client’s printable x-request-id of up to 128 characters as it is', () => {
    for (const sent of [
      'abc-123',
      'trace.7:span_9',
      'Root=1-5759e988;Sampled=1',
      'a'.repeat(128),
    ]) {
      expect(correlationIdOf({ 'x-request-id': sent })).toBe(sent);
    }
  });

  it('drops an oversized, empty, spaced, control-character or repeated one, never truncating', () => {
    for (const sent of [
      'a'.repeat(129),
      'abc def',
      'abc\n{"level":60}',
      'caf\u00e9',
      '',
      ['a', 'b'],
    ]) {
      expect(correlationIdOf({ 'x-request-id': sent as string })).toBeNull();
    }
    expect(correlationIdOf({})).toBeNull();
  });
});
