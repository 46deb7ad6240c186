import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClinicSite } from '../../../test/support/booking-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { makeReportDocument, PDF } from '../../../test/support/document-fixtures.js';
import { makeBooking, makeLocation, makePatient } from '../../../test/support/factories.js';
import { makeAccount } from '../../../test/support/identities.js';
import { loadConfig } from '../../config.js';
import { pgError } from '../../db/errors.js';
import { accounts } from '../../db/schema/index.js';
import { newId } from '../../shared/ids.js';
import { AccessTokens } from '../auth/tokens.js';
import {
  DatabaseDocumentStorage,
  type DocumentStorage,
  FilesystemDocumentStorage,
} from './storage.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'medsync-storage-'));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const STORAGES: [string, () => DocumentStorage][] = [
  ['database', () => new DatabaseDocumentStorage()],
  ['filesystem', () => new FilesystemDocumentStorage(join(dir, 'nested', 'documents'))],
];

describe.each(STORAGES)('the %s document storage', (_name, make) => {
  it('gives back exactly the bytes it was given, whole or as a stream', async () => {
    const storage = make();
    const key = newId();
    const bytes = Buffer.concat([PDF, Buffer.from([0, 255, 1, 254])]);
    await database.db.transaction((tx) => storage.put(tx, key, bytes));
    expect(sha256((await storage.get(database.db, key))!)).toBe(sha256(bytes));
    const stream = await storage.stream(database.db, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
  });

  it('answers null for a key it does not hold', async () => {
    const storage = make();
    expect(await storage.get(database.db, newId())).toBeNull();
    expect(await storage.stream(database.db, newId())).toBeNull();
  });

  it('never stores the same key twice', async () => {
    const storage = make();
    const key = newId();
    await storage.put(database.db, key, Buffer.from('first'));
    await expect(storage.put(database.db, key, Buffer.from('second'))).rejects.toThrow();
    expect(await text((await storage.stream(database.db, key))!)).toBe('first');
  });
});

describe('the filesystem document storage', () => {
  it('writes through a temporary file and leaves only the key’s file', async () => {
    const target = join(dir, 'atomic');
    const storage = new FilesystemDocumentStorage(target);
    const key = newId();
    await storage.put(database.db, key, PDF);
    expect(readdirSync(target)).toEqual([key]);
  });

  it('accepts only generated keys, never a path', async () => {
    const storage = new FilesystemDocumentStorage(join(dir, 'keys'));
    await expect(storage.put(database.db, '../escape', PDF)).rejects.toThrow(/generated/);
    await expect(storage.get(database.db, '/etc/passwd')).rejects.toThrow(/generated/);
  });
});

describe('stored documents are clinical records', () => {
  it('refuses raw UPDATE, DELETE and TRUNCATE of documents and their bytes', async () => {
    const tokens = new AccessTokens(loadConfig({ JWT_SECRET: 'x'.repeat(40) }).auth);
    const { location, doctor } = await makeClinicSite(database.db);
    const patient = await makePatient(database.db);
    const staff = await makeAccount(database.db, tokens, 'staff', { locationIds: [location.id] });
    const booking = await makeBooking(database.db, {
      patientId: patient.id,
      locationId: location.id,
      doctorId: doctor.id,
      startAt: new Date('2026-01-05T09:00:00Z'),
      endAt: new Date('2026-01-05T09:30:00Z'),
    });
    const id = await makeReportDocument(database.db, {
      patientId: patient.id,
      locationId: location.id,
      bookingId: booking.id,
      authorAccountId: staff.account.id,
    });
    const stateOf = async (statement: ReturnType<typeof sql>) => {
      try {
        await database.db.execute(statement);
      } catch (err) {
        return pgError(err)?.code;
      }
      return undefined;
    };
    const refused = '42501';
    expect(await stateOf(sql`update documents set file_name = 'forged.pdf' where id = ${id}`)).toBe(
      refused,
    );
    expect(await stateOf(sql`delete from documents where id = ${id}`)).toBe(refused);
    expect(await stateOf(sql`truncate documents cascade`)).toBe(refused);
    expect(await stateOf(sql`update document_contents set content = '\\x00'::bytea`)).toBe(refused);
    expect(await stateOf(sql`delete from document_contents`)).toBe(refused);
    // Retiring (a doctor's replaced photo) is the one change, once.
    expect(await stateOf(sql`update documents set retired_at = now() where id = ${id}`)).toBe(
      undefined,
    );
    expect(
      await stateOf(
        sql`update documents set retired_at = now() + interval '1 day' where id = ${id}`,
      ),
    ).toBe(refused);
  });

  it('keeps booking_id required except on imported reports', async () => {
    const location = await makeLocation(database.db);
    const patient = await makePatient(database.db);
    const [account] = await database.db.select({ id: accounts.id }).from(accounts).limit(1);
    const insert = (source: string) => {
      const reportId = newId();
      return database.db.execute(sql`insert into diagnostic_reports
        (id, lineage_id, revision, patient_id, booking_id, location_id, status, title, author_account_id, source)
        values (${reportId}, ${reportId}, 1, ${patient.id}, null, ${location.id}, 'final', 'Old', ${account!.id}, ${source})`);
    };
    await expect(insert('recorded')).rejects.toSatisfy((err) => pgError(err)?.code === '23514');
    await expect(insert('imported')).resolves.toBeDefined();
  });
});
