import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { patientTokens } from '../test/support/patient-tokens.js';
import { createSeededDatabase, startServer, stopServer } from './support.js';

// `npm run bench:bookings [-- HISTORY_PER_DOCTOR]`: availability and booking as bookings grow.
// Seeds scale 1, adds HISTORY_PER_DOCTOR (default 2,000) past bookings per doctor, starts the
// server as its own process and measures, over loopback:
//   1. GET /doctors/{id}/availability for 31 days (autocannon, 20 connections, 10 s);
//   2. 300 POST /bookings of distinct free slots by distinct patients, 10 at a time, then 300
//      more with an Idempotency-Key each;
//   3. 50 concurrent POSTs of one slot (one 201, 49 × 409), 5 rounds: time to settle;
//   4. the plan of the availability's busy-time query at that size.

const historyPerDoctor = Number(process.argv[2] ?? 2000);
const JWT_SECRET = randomBytes(32).toString('hex');

interface Slot {
  startAt: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function addHistory(sql: postgres.Sql): Promise<number> {
  // One patient per doctor keeps every patient's history free of overlaps; hourly slots in the
  // past, completed, so the constraints' indexes hold them all.
  const [row] = await sql`
    with numbered as (
      select d.id as doctor_id, d.location_id, row_number() over (order by d.id) as n from doctors d
    ), people as (
      insert into patients (id, full_name, date_of_birth, sex)
      select gen_random_uuid(), 'Bench Patient ' || n, date '1980-01-01', 'other' from numbered
      returning id
    ), paired as (
      select n.doctor_id, n.location_id, p.id as patient_id
      from (select *, row_number() over () as k from numbered) n
      join (select id, row_number() over () as k from people) p using (k)
    ), inserted as (
      insert into bookings (id, patient_id, location_id, doctor_id, start_at, end_at, status, price, currency)
      select gen_random_uuid(), paired.patient_id, paired.location_id, paired.doctor_id,
             now() - make_interval(hours => g), now() - make_interval(hours => g) + interval '30 minutes',
             'completed', 100, 'EUR'
      from paired cross join generate_series(1, ${historyPerDoctor}) g
      returning 1
    )
    select count(*)::int as n from inserted`;
  return row!.n as number;
}

async function freeSlots(base: string, doctorId: string): Promise<Slot[]> {
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const response = await fetch(
    `${base}/api/v1/doctors/${doctorId}/availability?from=${from}&to=${to}`,
  );
  return ((await response.json()) as { slots: Slot[] }).slots;
}

async function book(base: string, token: string, doctorId: string, startAt: string, key?: string) {
  const startedAt = performance.now();
  const response = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify({ doctorId, startAt }),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - startedAt };
}

const BOOKINGS = 300;

/** Books each slot with its own patient, 10 at a time; prints throughput and latency. */
async function bookDistinct(
  base: string,
  bookings: { doctorId: string; startAt: string }[],
  tokens: string[],
  keyed: boolean,
) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const startedAt = performance.now();
  for (let i = 0; i < bookings.length; i += 10) {
    const batch = bookings.slice(i, i + 10);
    const results = await Promise.all(
      batch.map((b, j) =>
        book(base, tokens[i + j]!, b.doctorId, b.startAt, keyed ? `bench-${i + j}` : undefined),
      ),
    );
    for (const r of results) {
      latencies.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  }
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `POST /bookings${keyed ? ' with Idempotency-Key' : ''}, ${bookings.length} distinct slots, 10 at a time: ` +
      `${Math.round(bookings.length / seconds)} bookings/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
}

async function main() {
  const database = await createSeededDatabase(1);
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const { child, port } = await startServer(database.url, { JWT_SECRET });
  const base = `http://127.0.0.1:${port}`;
  try {
    const history = await addHistory(sql);
    await sql`analyze bookings`;
    const doctors = await sql<{ id: string }[]>`select id from doctors where active order by id`;
    const doctorId = doctors[0]!.id;
    console.log(`scale 1, ${doctors.length} doctors, ${history} past bookings`);

    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
    const url = `${base}/api/v1/doctors/${doctorId}/availability?from=${from}&to=${to}`;
    const read = await autocannon({ url, connections: 20, duration: 10 });
    console.log(
      `availability, 31 days: ${Math.round(read.requests.average)} req/s, ` +
        `p50 ${read.latency.p50} ms, p99 ${read.latency.p99} ms, ${read.non2xx} non-2xx`,
    );

    // Distinct free slots across doctors, each booked once by its own patient.
    const wanted: { doctorId: string; startAt: string }[] = [];
    for (const doctor of doctors.slice(1)) {
      if (wanted.length >= 2 * BOOKINGS) break;
      const slots = await freeSlots(base, doctor.id);
      for (const slot of slots.slice(0, 30)) wanted.push({ doctorId: doctor.id, ...slot });
    }
    const tokens = await patientTokens(sql, 2 * BOOKINGS + 50 * 5, JWT_SECRET);
    for (const keyed of [false, true]) {
      const offset = keyed ? BOOKINGS : 0;
      await bookDistinct(
        base,
        wanted.slice(offset, offset + BOOKINGS),
        tokens.slice(offset),
        keyed,
      );
    }

    const contested = (await freeSlots(base, doctorId)).slice(0, 5);
    for (const [round, slot] of contested.entries()) {
      const contenders = tokens.slice(2 * BOOKINGS + round * 50, 2 * BOOKINGS + (round + 1) * 50);
      const begun = performance.now();
      const results = await Promise.all(
        contenders.map((t) => book(base, t, doctorId, slot.startAt)),
      );
      const won = results.filter((r) => r.status === 201).length;
      const lost = results.filter((r) => r.status === 409).length;
      console.log(
        `50 contenders for one slot, round ${round + 1}: ${won} × 201, ${lost} × 409, ` +
          `settled in ${(performance.now() - begun).toFixed(0)} ms`,
      );
    }

    const plan = await sql.unsafe(
      `explain (analyze, buffers, costs off)
       select start_at, end_at from bookings
       where doctor_id = $1 and status in ('held','booked','checked_in','completed')
         and tstzrange(start_at, end_at, '[)') && tstzrange(now(), now() + interval '33 days', '[)')`,
      [doctorId],
    );
    console.log('busy-time query plan:');
    for (const line of plan) console.log(`  ${Object.values(line)[0]}`);
  } finally {
    await stopServer(child);
    await sql.end();
    await database.drop();
  }
}

await main();
