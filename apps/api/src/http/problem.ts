import { STATUS_CODES } from 'node:http';
import { PROBLEM_LIMITS } from '@medsync/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnreachable, pgError, SqlState } from '../db/errors.js';
import {
  DomainError,
  type FieldError,
  type FieldSource,
  TooManyRequests,
} from '../shared/errors.js';
import { MethodIndex } from './methods.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A field error as a problem body carries it: `path` is a JSON Pointer into the request. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** The pointer to a field a domain error names: `/body/startAt`, `/query/cursor`. */
export const fieldPointer = (error: FieldError): ProblemFieldError => ({
  path: `/${error.in ?? 'body'}/${error.field}`,
  message: error.message,
});

/** The field a pointer made by `fieldPointer` names: a stored problem read back as sent. */
export function pointedField({ path, message }: ProblemFieldError): FieldError {
  const [, source, ...steps] = path.split('/');
  return { field: steps.join('/'), in: source as FieldSource, message };
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: ProblemFieldError[];
}

/** A problem body within the bounds its schema documents (`PROBLEM_LIMITS`). */
function problem(status: number, code: string, detail: string, errors?: ProblemFieldError[]) {
  const fieldErrors = (errors ?? []).slice(0, PROBLEM_LIMITS.errors).map((e) => ({
    path: e.path.slice(0, PROBLEM_LIMITS.path),
    message: e.message.slice(0, PROBLEM_LIMITS.message),
  }));
  return {
    type: `/problems/${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: detail.slice(0, PROBLEM_LIMITS.detail),
    code,
    ...(fieldErrors.length > 0 ? { errors: fieldErrors } : {}),
  };
}

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const CONTEXT_PATH: Record<string, string> = { querystring: 'query' };
const UNION_KEYWORDS = new Set(['anyOf', 'oneOf']);

/**
 * A value that fails a union (`Nullable(PhotoUrl)` is `anyOf: [string, null]`) fails every branch
 * and the union itself: four errors for one field. The union's verdict is the errors of the first
 * branch whose type the value has (`must match pattern …`), or else one `must be string or null`.
 */
function collapseUnions(errors: AjvError[], settled = new Set<AjvError>()): AjvError[] {
  const union = errors
    .filter((e) => UNION_KEYWORDS.has(e.keyword) && !settled.has(e))
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
  if (!union) return errors;
  const prefix = `${union.schemaPath}/`;
  // One schema path serves every item of an array: a branch error also lies within the union's value.
  const within = (e: AjvError) =>
    e.schemaPath.startsWith(prefix) &&
    (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`));
  const inUnion = (e: AjvError) => e === union || within(e);
  const branches = new Map<string, AjvError[]>();
  for (const e of errors.filter(within)) {
    const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
    branches.set(branch, [...(branches.get(branch) ?? []), e]);
  }
  const wrongType = (branch: AjvError[]) =>
    branch.every((e) => e.keyword === 'type' && e.instancePath === union.instancePath);
  const fitting = [...branches.values()].find((branch) => !wrongType(branch));
  const types = new Set([...branches.values()].flat().flatMap((e) => [e.params.type ?? []].flat()));
  const verdict = fitting ?? [
    types.size > 0
      ? { ...union, keyword: 'type', message: `must be ${[...types].join(' or ')}` }
      : union,
  ];
  settled.add(union); // a union with no branch errors (oneOf matching twice) keeps its own message
  const at = errors.findIndex(inUnion);
  const rest = errors.filter((e) => !inUnion(e));
  rest.splice(at, 0, ...verdict);
  return collapseUnions(rest, settled);
}

/** One entry per invalid field, with the field's JSON Pointer and its first error's message. */
function validationErrors(context: string, errors: AjvError[]): ProblemFieldError[] {
  const root = `/${CONTEXT_PATH[context] ?? context}`;
  const byPath = new Map<string, string>();
  for (const e of collapseUnions(errors)) {
    let path = root + e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path += `/${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path += `/${String(e.params.additionalProperty)}`;
      message = 'is not an allowed property';
    }
    if (!byPath.has(path)) byPath.set(path, message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

const CSRF_REFUSED =
  'Missing or wrong x-csrf-token; get one from GET /api/v1/auth/csrf and send it back';

// Framework errors whose own message could echo request content get a fixed detail instead.
const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large', 'The request body exceeds the size limit'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported-media-type',
    'Unsupported content type; send application/json',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'bad-content-length',
    'Content-Length does not match the body',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    400,
    'empty-body',
    'The body must not be empty for application/json',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid-json', 'The body is not valid JSON'],
  FST_ERR_BAD_URL: [400, 'bad-url', 'The URL is not valid'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad-request', 'The request does not match any route constraint'],
  // @fastify/csrf-protection (http/cookies.ts): no secret cookie, or a missing or wrong token.
  FST_CSRF_MISSING_SECRET: [403, 'csrf-token-invalid', CSRF_REFUSED],
  FST_CSRF_INVALID_TOKEN: [403, 'csrf-token-invalid', CSRF_REFUSED],
};

// Contention that outlived db/retry.ts's attempts: the database answers, but not this time.
const CONTENDED_CODES: ReadonlySet<string> = new Set([
  SqlState.serializationFailure,
  SqlState.deadlockDetected,
]);

/** Maps any thrown error to a problem body; 5xx details never leave the server. */
export function toProblem(err: unknown): Omit<ProblemBody, 'requestId'> {
  if (err instanceof DomainError) {
    return problem(err.status, err.code, err.message, err.errors.map(fieldPointer));
  }
  if (typeof err !== 'object' || err === null)
    return problem(500, 'internal', 'An unexpected error occurred');
  const fastifyError = err as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    return problem(
      400,
      'validation-failed',
      'The request is not valid; see errors for each field',
      validationErrors(
        fastifyError.validationContext ?? 'body',
        fastifyError.validation as AjvError[],
      ),
    );
  }
  const known = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (known) return problem(...known);
  if (isDatabaseUnreachable(err)) {
    return problem(503, 'database-unavailable', 'The database is not reachable; retry shortly');
  }
  const pg = pgError(err);
  if (pg && CONTENDED_CODES.has(pg.code)) {
    return problem(503, 'unavailable', 'The service is briefly unavailable; retry shortly');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(status, 'bad-request', STATUS_CODES[status] ?? 'Bad request');
  }
  return problem(500, 'internal', 'An unexpected error occurred');
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Omit<ProblemBody, 'requestId'>,
  retryAfterSeconds = 1,
): FastifyReply {
  if (body.status === 503 || body.status === 429) {
    reply.header('retry-after', String(Math.max(1, retryAfterSeconds)));
  }
  reply.header('x-request-id', request.id);
  return reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, requestId: request.id }));
}

/** Installs the error, not-found and framework-error handling: everything answers problem+json. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const body = toProblem(err);
    if (body.status >= 500) {
      request.log.error({ err }, 'request failed'); // the logger's err serializer sanitises it
    }
    const retryAfter = err instanceof TooManyRequests ? err.retryAfterSeconds : undefined;
    return sendProblem(request, reply, body, retryAfter);
  });
  const methods = new MethodIndex();
  methods.track(app);
  app.setNotFoundHandler((request, reply) => {
    const allowed = methods.allowed(request.url.split('?', 1)[0] ?? '/');
    if (allowed.length === 0) {
      return sendProblem(request, reply, problem(404, 'no-route', 'No route matches this path'));
    }
    reply.header('allow', allowed.join(', '));
    return sendProblem(
      request,
      reply,
      problem(
        405,
        'method-not-allowed',
        `${request.method} is not supported here; use ${allowed.join(', ')}`,
      ),
    );
  });
}

/** For Fastify's `frameworkErrors` option: errors raised before routing. */
export function frameworkErrorHandler(
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // Raised before routing, so no onRequest hook (helmet, request id) has run for this reply.
  reply.headers({
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
  sendProblem(request, reply, toProblem(err));
}
