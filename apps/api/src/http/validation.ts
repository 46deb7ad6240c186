import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

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
 * Query strings and path parameters arrive as text and are coerced (`limit=20`);
 * JSON bodies are validated strictly, so `"price": 12.5` is refused where a decimal string is due.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<
      FastifySchemaCompiler<unknown>
    >;
}
