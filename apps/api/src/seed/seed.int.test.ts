import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import type { Database } from '../db/client.js';
import {
  accounts,
  bookings,
  diagnosticLocations,
  diagnostics,
  doctors,
  locations,
  specialties,
  workingHours,
} from '../db/schema/index.js';
import { generateDemo, generateScale, loadSeed, seedDemoIfEmpty } from './index.js';
import { materialize, type SeedSet } from './rows.js';

const TABLES = { specialties, locations, workingHours, diagnostics, doctors, diagnosticLocations };

async function countRows(db: Database): Promise<Record<keyof typeof TABLES, number>> {
  const counts = await Promise.all(Object.values(TABLES).map((table) => db.$count(table)));
  return Object.fromEntries(Object.keys(TABLES).map((name, i) => [name, counts[i]])) as Record<
    keyof typeof TABLES,
    number
  >;
}

const countsOf = (set: SeedSet) =>
  Object.fromEntries(Object.entries(set).map(([name, table]) => [name, table.count]));

function capturingLogger() {
  const lines: string[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) };
}

describe('seedDemoIfEmpty', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('loads the demo network into an empty directory once, even when two instances start together', async () => {
    const first = capturingLogger();
    const second = capturingLogger();
    await Promise.all([
      seedDemoIfEmpty(database.db, first.log),
      seedDemoIfEmpty(database.db, second.log),
    ]);

    expect(await countRows(database.db)).toEqual(countsOf(generateDemo()));
    const lines = [...first.lines, ...second.lines];
    const entries = lines.map((line) => JSON.parse(line) as { msg: string });
    // Once, by one of the two: what it is about to do, what it did, how to sign in.
    expect(entries.map((e) => e.msg)).toEqual([
      'the directory is empty: loading the demo clinic network and its demo accounts',
      'demo data loaded',
      expect.stringMatching(/^demo accounts created/),
    ]);
    expect(entries[1]).toMatchObject({ inserted: { locations: 5, doctors: 40 } });
    const names = materialize(generateDemo()).doctors.map((d) => d.fullName);
    expect(names.some((name) => lines.join('\n').includes(name))).toBe(false);
  });

  it('books each demo patient with the demo doctor on a free slot this week', async () => {
    // The demo's past visits (history.ts) are completed; the upcoming ones are booked.
    const booked = await database.db
      .select()
      .from(bookings)
      .where(eq(bookings.status, 'booked'))
      .orderBy(asc(bookings.startAt));
    const patientIds = (await database.db.select().from(accounts))
      .map((a) => a.patientId)
      .filter((id) => id !== null);
    const demoDoctor = materialize(generateDemo()).doctors[0]!;
    expect(booked).toHaveLength(2);
    expect(new Set(booked.map((b) => b.patientId))).toEqual(new Set(patientIds));
    for (const booking of booked) {
      expect(booking).toMatchObject({ doctorId: demoDoctor.id, status: 'booked' });
      expect(booking.startAt.getTime()).toBeGreaterThan(Date.now());
      expect(booking.startAt.getTime()).toBeLessThan(Date.now() + 8 * 86_400_000);
    }
    // Every second slot: the two never touch, so the doctor's day shows two separate visits.
    expect(booked[1]!.startAt.getTime()).toBeGreaterThan(booked[0]!.endAt.getTime());
  });

  it('does nothing the second time', async () => {
    const before = await countRows(database.db);
    const { lines, log } = capturingLogger();
    await seedDemoIfEmpty(database.db, log);
    expect(await countRows(database.db)).toEqual(before);
    expect(lines).toEqual([]);
  });
});

describe('loading scale data', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stores exactly the generated rows, ids included', async () => {
    const set = generateScale(0.1);
    const results = await loadSeed(database.db, set, { batchSize: 30 });

    expect(await countRows(database.db)).toEqual(countsOf(set));
    expect(results.every((r) => r.inserted === r.total)).toBe(true);
    const stored = await database.db
      .select({ id: doctors.id, fullName: doctors.fullName, price: doctors.price })
      .from(doctors)
      .orderBy(asc(doctors.id));
    const generated = materialize(set).doctors.map(({ id, fullName, price }) => ({
      id,
      fullName,
      price,
    }));
    expect(stored).toEqual(generated.sort((a, b) => a.id!.localeCompare(b.id!)));
  });

  it('leaves identical row counts when the same scale is seeded again', async () => {
    const before = await countRows(database.db);
    const results = await loadSeed(database.db, generateScale(0.1));
    expect(await countRows(database.db)).toEqual(before);
    expect(results.map((r) => r.inserted)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('takes the demo network alongside, sharing the specialty and diagnostic catalog', async () => {
    const before = await countRows(database.db);
    await loadSeed(database.db, generateDemo());
    const after = await countRows(database.db);
    expect(after.specialties).toBe(before.specialties);
    expect(after.diagnostics).toBe(before.diagnostics);
    expect(after.doctors).toBe(before.doctors + 40);
  });
});
