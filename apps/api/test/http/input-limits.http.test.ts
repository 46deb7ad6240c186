import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../support/app.js';

// Every string a client can send has a maximum length and every array a maximum size, checked
// over the whole OpenAPI document so that new routes are covered without a new test.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Schema {
  type?: string | string[];
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
}

describe('input limits', () => {
  it('bound every string and array in every route’s parameters and bodies', async () => {
    const document = body<{ paths: Record<string, Record<string, Operation>> }>(
      await t.app.inject({ url: '/openapi.json' }),
    );
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
});
