import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import { createDatabase } from './support.js';

// `npm run bench:drivers`: postgres.js against node-postgres (`pg`) through Drizzle, side by side
// in one run on one database, on what decided the driver: queries that fail. A pool of 10 and
// 200 concurrent clients per round, the median of 5 rounds:
//   1. failing inserts on their own (a unique violation, as a lost booking race);
//   2. the same failing insert inside a transaction (how the services write);
//   3. successful single-row transactions, for scale.

const slots = pgTable('bench_slots', { id: integer('id').primaryKey() });
const CLIENTS = 200;
const ROUNDS = 5;
const POOL = 10;

type Db = ReturnType<typeof drizzlePostgresJs> | ReturnType<typeof drizzlePg>;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(work: (i: number) => Promise<unknown>): Promise<number> {
  const begun = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => work(i).catch(() => {})));
  return performance.now() - begun;
}

async function measure(db: Db, offset: number) {
  const failing = (i: number) =>
    db
      .insert(slots)
      .values({ id: 0 })
      .then(() => i);
  const failingInTransaction = () =>
    db.transaction(async (tx) => {
      await tx.insert(slots).values({ id: 0 });
    });
  let next = offset;
  const succeeding = () =>
    db.transaction(async (tx) => {
      await tx.insert(slots).values({ id: next++ });
    });
  const rounds = {
    failing: [] as number[],
    failingInTransaction: [] as number[],
    succeeding: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.failing.push(await timed(failing));
    rounds.failingInTransaction.push(await timed(failingInTransaction));
    rounds.succeeding.push(await timed(succeeding));
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, ms]) => [name, median(ms)]));
}

async function main() {
  const database = await createDatabase('medsync_drivers');
  const postgresJs = postgres(database.url, { max: POOL, onnotice: () => {} });
  const pool = new pg.Pool({ connectionString: database.url, max: POOL });
  pool.on('error', () => {}); // pg's idle clients emit errors that would otherwise end the process
  try {
    await postgresJs`create table bench_slots (id integer primary key)`;
    await postgresJs`insert into bench_slots values (0)`;
    // Both pools warm before the first round, so no round pays for opening connections.
    const drivers: [string, Db][] = [
      ['postgres.js', drizzlePostgresJs({ client: postgresJs })],
      ['pg', drizzlePg({ client: pool })],
    ];
    for (const [, db] of drivers) await timed(() => db.select().from(slots).limit(1));
    const results: Record<string, Record<string, number>> = {};
    // Interleaved twice (A B A B) so that neither driver always runs on a cooler machine.
    for (const pass of [0, 1]) {
      for (const [index, [name, db]] of drivers.entries()) {
        const r = await measure(db, 1 + (pass * 2 + index) * CLIENTS * ROUNDS);
        for (const [k, ms] of Object.entries(r)) {
          results[name] ??= {};
          results[name][k] = Math.min(results[name][k] ?? Number.POSITIVE_INFINITY, ms);
        }
      }
    }
    console.log(
      `${CLIENTS} concurrent clients, pool ${POOL}, best of 2 medians of ${ROUNDS} rounds (ms):`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(results).map(([name, r]) => [
          name,
          Object.fromEntries(Object.entries(r).map(([k, ms]) => [k, Math.round(ms)])),
        ]),
      ),
    );
  } finally {
    await postgresJs.end();
    await pool.end();
    await database.drop();
  }
}

await main();
