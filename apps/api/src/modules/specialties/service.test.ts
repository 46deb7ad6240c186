import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SpecialtyRow } from '../../db/schema/index.js';
import { Conflict, NotFound } from '../../shared/errors.js';
import { SpecialtyService, type SpecialtyStore } from './service.js';

// The service's rules with a fake store that conforms to the repository's interface: the
// database tier (specialties.http.test.ts) proves the real queries; this tier proves the rules.

/** A PostgreSQL error as Drizzle wraps it: SQLSTATE and constraint on `cause`. */
const violation = (code: string, constraint: string) =>
  Object.assign(new Error('Failed query'), { cause: { code, constraint } });

function fakeStore(): SpecialtyStore & {
  rows: Map<string, SpecialtyRow>;
  referenced: Set<string>;
} {
  const rows = new Map<string, SpecialtyRow>();
  const referenced = new Set<string>();
  const nameTaken = (name: string, except?: string) =>
    [...rows.values()].some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase());
  return {
    rows,
    referenced,
    async get(id) {
      return rows.get(id) ?? null;
    },
    async list(filter, after) {
      return [...rows.values()]
        .filter((r) => !after?.value || r.name > after.value)
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, filter.limit + 1);
    },
    async create(input) {
      if (nameTaken(input.name)) throw violation('23505', 'specialties_name_key');
      const at = new Date('2026-01-05T10:00:00Z');
      const row = {
        id: randomUUID(),
        description: null,
        active: true,
        ...input,
        createdAt: at,
        updatedAt: at,
      };
      rows.set(row.id, row);
      return row;
    },
    async update(id, patch) {
      const row = rows.get(id);
      if (!row) return null;
      if (patch.name && nameTaken(patch.name, id)) throw violation('23505', 'specialties_name_key');
      const updated = { ...row, ...patch };
      rows.set(id, updated);
      return updated;
    },
    async delete(id) {
      if (referenced.has(id)) throw violation('23503', 'doctors_specialty_fk');
      return rows.delete(id);
    },
  };
}

const setup = () => {
  const specialties = fakeStore();
  return { specialties, service: new SpecialtyService({ specialties }) };
};

describe('SpecialtyService', () => {
  it('presents a created specialty with ISO instants', async () => {
    const { service } = setup();
    const created = await service.create({ name: 'Cardiology' });
    expect(created).toMatchObject({
      name: 'Cardiology',
      active: true,
      createdAt: '2026-01-05T10:00:00.000Z',
    });
    await expect(service.get(created.id)).resolves.toEqual(created);
  });

  it('turns a taken name into a 409 naming the field, on create and on rename', async () => {
    const { service } = setup();
    await service.create({ name: 'Cardiology' });
    const other = await service.create({ name: 'Dermatology' });
    for (const attempt of [
      service.create({ name: 'cardiology' }),
      service.update(other.id, { name: 'CARDIOLOGY' }),
    ]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Conflict);
      expect(err).toMatchObject({ code: 'specialty-name-taken' });
      expect((err as Conflict).errors).toHaveLength(1);
    }
  });

  it('answers NotFound for a missing id on read, update and delete', async () => {
    const { service } = setup();
    const id = randomUUID();
    await expect(service.get(id)).rejects.toBeInstanceOf(NotFound);
    await expect(service.update(id, { active: false })).rejects.toBeInstanceOf(NotFound);
    await expect(service.delete(id)).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses to delete a specialty doctors still belong to', async () => {
    const { service, specialties } = setup();
    const used = await service.create({ name: 'Neurology' });
    specialties.referenced.add(used.id);
    await expect(service.delete(used.id)).rejects.toMatchObject({ code: 'still-referenced' });
    expect(specialties.rows.has(used.id)).toBe(true);
  });

  it('pages by name with a cursor that continues after the last item', async () => {
    const { service } = setup();
    for (const name of ['Urology', 'Allergy', 'Oncology']) await service.create({ name });
    const first = await service.list({ limit: 2, status: 'active' });
    expect(first.items.map((s) => s.name)).toEqual(['Allergy', 'Oncology']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await service.list({ limit: 2, status: 'active', cursor: first.nextCursor! });
    expect(rest.items.map((s) => s.name)).toEqual(['Urology']);
    expect(rest.nextCursor).toBeNull();
  });
});
