import { describe, expect, it } from 'vitest';
import { databaseTarget, setupProblem } from './setup-problems.js';

// The extension failures cannot be staged on the shared server (btree_gist is installed and
// trusted there): the driver's errors are built here as Drizzle wraps them.

const server = {
  kind: 'postgres',
  url: 'postgres://owner:secret@db.example:5432/medsync',
  poolMax: 1,
} as const;
const wrapped = (code: string, message: string) =>
  new Error('Failed query: CREATE EXTENSION IF NOT EXISTS btree_gist', {
    cause: Object.assign(new Error(message), { code }),
  });

describe('setupProblem', () => {
  it('names the extension a role may not create and what to run', () => {
    const line = setupProblem(
      wrapped('42501', 'permission denied to create extension "btree_gist"'),
      server,
    );
    expect(line).toBe(
      'role "owner" may not create extension "btree_gist" in database "medsync": run CREATE ' +
        'EXTENSION IF NOT EXISTS btree_gist; there once as a superuser, or migrate as the owner ' +
        'of the database (MIGRATION_DATABASE_URL)',
    );
  });

  it('names an extension the server lacks, from PostgreSQL 15 and from older servers', () => {
    for (const [code, message] of [
      ['0A000', 'extension "btree_gist" is not available'],
      [
        '58P01',
        'could not open extension control file "/usr/share/postgresql/14/extension/btree_gist.control"',
      ],
    ] as const) {
      expect(setupProblem(wrapped(code, message), server)).toMatch(
        /^the PostgreSQL server at db\.example:5432 has no extension "btree_gist" installed .*contrib/,
      );
    }
  });

  it('leaves other errors, and the embedded database, to the caller', () => {
    expect(setupProblem(wrapped('23505', 'duplicate key'), server)).toBeNull();
    expect(setupProblem(new Error('connect ECONNREFUSED'), server)).toBeNull();
    const embedded = { kind: 'pglite', dataDir: '/data' } as const;
    expect(setupProblem(wrapped('3D000', 'database "x" does not exist'), embedded)).toBeNull();
  });

  it('describes a database without its credentials', () => {
    expect(databaseTarget(server)).toBe('postgres at db.example:5432/medsync');
  });
});
