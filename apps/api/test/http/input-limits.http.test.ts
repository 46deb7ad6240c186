import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../support/app.js';

// Every string a client can send or receive has a maximum length, every array a maximum size and
// every integer a 32-bit format and a range, checked over the whole OpenAPI document so that new
// routes are covered without a new test (Spectral's OWASP rules check the same in CI).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Schema {
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

function unbounded(schema: Schema, path: string): string[] {
  const types = [schema.type ?? []].flat();
  const found: string[] = [];
  const bounded = schema.enum !== undefined || schema.const !== undefined;
  if (types.includes('string') && schema.maxLength === undefined && !bounded) {
    found.push(`${path}: string without maxLength`);
  }
  if (types.includes('array') && schema.maxItems === undefined) {
    found.push(`${path}: array without maxItems`);
  }
  if (
    types.includes('integer') &&
    (schema.format !== 'int32' || schema.minimum === undefined || schema.maximum === undefined)
  ) {
    found.push(`${path}: integer without int32 format, minimum and maximum`);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push(...unbounded(property, `${path}/${name}`));
  }
  if (schema.items) found.push(...unbounded(schema.items, `${path}/items`));
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    found.push(...unbounded(part, path));
  }
  return found;
}

interface Operation {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<
    string,
    { content?: Record<string, { schema: Schema }>; headers?: Record<string, { schema: Schema }> }
  >;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

describe('input limits', () => {
  it('bound every string and array in every route’s parameters and bodies', async () => {
    const document = body<Document>(await t.app.inject({ url: '/openapi.json' }));
    const problems: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const parameter of operation.parameters ?? []) {
          checked += 1;
          problems.push(
            ...unbounded(parameter.schema, `${where} ${parameter.in}:${parameter.name}`),
          );
        }
        for (const content of Object.values(operation.requestBody?.content ?? {})) {
          checked += 1;
          problems.push(...unbounded(content.schema, `${where} body`));
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('bound every string, array and integer of every response, its headers and components', async () => {
    const document = body<Document>(await t.app.inject({ url: '/openapi.json' }));
    const problems: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          for (const content of Object.values(response.content ?? {})) {
            checked += 1;
            problems.push(...unbounded(content.schema, `${where} body`));
          }
          for (const [name, header] of Object.entries(response.headers ?? {})) {
            problems.push(...unbounded(header.schema, `${where} header:${name}`));
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      problems.push(...unbounded(schema, `#/components/schemas/${name}`));
    }
    expect(checked).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  });
});
