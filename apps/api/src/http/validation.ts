import { NoQuery } from '@medsync/contracts';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, RouteOptions } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true, // report every bad field at once; inputs are bounded by body and string limits
    removeAdditional: false, // unknown properties are rejected, never silently dropped
    useDefaults: true,
    strict: false, // OpenAPI annotations (examples, description) are not validation keywords
    ...options,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * A raw upload's body (`{ type: 'string', format: 'binary' }` in the document) arrives as a
 * Buffer: it is valid when it holds at least one byte. Its type is decided from its content later.
 */
function binaryBody(data: unknown) {
  const valid = Buffer.isBuffer(data) && data.length > 0;
  binaryBody.errors = valid
    ? null
    : [
        {
          instancePath: '',
          schemaPath: '#',
          keyword: 'binary',
          params: {},
          message: 'must be the file’s bytes',
        },
      ];
  return valid;
}
binaryBody.errors = null as object[] | null;

/**
 * Query strings and path parameters arrive as text and are coerced (`limit=20`);
 * JSON bodies are validated strictly, so `"price": 12.5` is refused where a decimal string is due.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    if (httpPart === 'body' && (schema as { format?: string }).format === 'binary') {
      return binaryBody as ReturnType<FastifySchemaCompiler<unknown>>;
    }
    return (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<
      FastifySchemaCompiler<unknown>
    >;
  };
}

/**
 * onRoute hook: every route's query string is closed. A route that declares no `querystring`
 * gets `NoQuery`, so `?patientId=…` is a 400 rather than silently ignored; a declared one must
 * refuse unknown parameters itself (the app refuses to start otherwise). The two catch-all
 * routes are left alone: the CORS preflight (`OPTIONS *`), whose URL, query included, is the one
 * of the request it asks about, and the web app's pages (`GET *`, http/web-app.ts), whose query
 * is for the app's own router (`/reset-password?token=…`) and never read by the server.
 */
export function closeQueryStrings(route: RouteOptions): void {
  if (route.url === '*') return;
  const query = route.schema?.querystring as { additionalProperties?: unknown } | undefined;
  if (!query) {
    route.schema = { ...route.schema, querystring: NoQuery };
  } else if (query.additionalProperties !== false) {
    throw new Error(
      `${String(route.method)} ${route.url}: its querystring must refuse unknown parameters`,
    );
  }
}
