import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

/** Printable ASCII without spaces, 1 to 128 characters: what a gateway's or tracer's id looks like. */
const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Every request's id is the server's own (a UUID): it names the request in logs, problem bodies
 * and the audit trail, so a client cannot make two requests look like one, or borrow another's.
 */
export function requestIdFor(_req: IncomingMessage): string {
  return randomUUID();
}

/**
 * The client's `x-request-id`, kept beside ours so traces join up across services: only when it
 * is one printable value of at most 128 characters, otherwise dropped (never truncated, which
 * could make it match someone else's).
 */
export function correlationIdOf(headers: IncomingMessage['headers']): string | null {
  const sent = headers['x-request-id'];
  return typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : null;
}

/**
 * What of an error may be logged. Driver errors carry query parameters and row values
 * (`detail`, `params`), which can be patient data: keep only codes, constraint names and stacks.
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: 'non-error thrown', type: typeof err };
  const e = err as Error & { code?: unknown; query?: unknown; cause?: unknown };
  const isQueryError = e.name === 'DrizzleQueryError' || typeof e.query === 'string';
  const cause = e.cause as
    | { code?: unknown; constraint?: unknown; constraint_name?: unknown; name?: unknown }
    | undefined;
  return {
    type: e.name,
    // A Drizzle query error's message embeds the parameters: log the SQL text alone.
    message: isQueryError ? 'database query failed' : e.message,
    ...(typeof e.query === 'string' ? { query: e.query } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(cause
      ? {
          cause: {
            type: cause.name,
            code: cause.code,
            constraint: cause.constraint ?? cause.constraint_name,
          },
        }
      : {}),
    stack: isQueryError ? undefined : e.stack,
  };
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    // Requests are logged once, by our onResponse hook, with the route rather than the raw URL.
    serializers: {
      err: errorForLog,
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        route: req.routeOptions?.url,
      }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
  };
}

/**
 * The processes' logger: JSON lines, one per event, unless `stream` is a terminal, where a person
 * reads them: then one coloured line per event (pino-pretty, synchronous so that a line written
 * just before an exit is not lost).
 */
export function createLogger(level: string, stream: NodeJS.WriteStream = process.stdout): Logger {
  const options = loggerOptions(level);
  // pino's own stdout writer is synchronous; another stream (tests) is written to as given.
  if (!stream.isTTY) return stream === process.stdout ? pino(options) : pino(options, stream);
  const lines = pretty({
    destination: stream,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino(options, lines);
}
