import { describe, expect, it } from 'vitest';
import { CATALOGS, unpairedAreaFiles } from './catalogs.js';
import { preferredLanguage } from './index.js';

const { en, de } = CATALOGS;

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(valuesOf);
}

describe('the message catalogs', () => {
  it('come in pairs: every area has an English and a German file', () => {
    expect(unpairedAreaFiles()).toEqual([]);
  });

  it('have the same keys in English and German', () => {
    expect(keysOf(de).sort()).toEqual(keysOf(en).sort());
  });

  it('have no empty text in either language', () => {
    expect(valuesOf(en).filter((s) => s.trim() === '')).toEqual([]);
    expect(valuesOf(de).filter((s) => s.trim() === '')).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (catalog: unknown) =>
      keysOf(catalog).map((key) => {
        const text = key
          .split('.')
          .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], catalog);
        return `${key}:${[...String(text).matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .sort()
          .join(',')}`;
      });
    expect(placeholders(de).sort()).toEqual(placeholders(en).sort());
  });
});

describe('preferredLanguage', () => {
  it('takes the stored choice first, then the browser’s languages, then English', () => {
    expect(preferredLanguage('de', ['en-US'])).toBe('de');
    expect(preferredLanguage(null, ['fr-FR', 'de-AT'])).toBe('de');
    expect(preferredLanguage(null, ['fr-FR'])).toBe('en');
    expect(preferredLanguage('xx', [])).toBe('en');
  });
});
