import autocannon from 'autocannon';
import { createSeededDatabase, startServer, stopServer } from './support.js';

// `npm run bench [-- SECONDS]`: read throughput of the directory and the earliest-slot search
// on a scale-1 network.
// Creates a fresh database on the PostgreSQL server (admin URL: TEST_DATABASE_URL or the local
// default), seeds it, starts the real server as its own process, loads it from this process over
// loopback with 50 connections, prints requests/s and latency per URL, then drops the database.

const seconds = Number(process.argv[2] ?? 10);

async function firstIds(base: string) {
  const doctors = (await (await fetch(`${base}/api/v1/doctors?limit=1`)).json()) as {
    items: { id: string; specialty: { id: string } }[];
  };
  const doctor = doctors.items[0]!;
  return { doctorId: doctor.id, specialtyId: doctor.specialty.id };
}

async function main() {
  const database = await createSeededDatabase(1);
  const { child, port } = await startServer(database.url);
  const base = `http://127.0.0.1:${port}`;
  try {
    const { doctorId, specialtyId } = await firstIds(base);
    const paths = [
      '/api/v1/doctors?limit=20',
      `/api/v1/doctors?specialtyId=${specialtyId}&sort=price&limit=20`,
      '/api/v1/doctors?q=cardio&limit=20',
      `/api/v1/doctors/${doctorId}`,
      '/api/v1/locations?limit=20',
      `/api/v1/availability/search?specialtyId=${specialtyId}&limit=10`,
    ];
    console.log(`scale 1, 50 connections, ${seconds} s per URL, PostgreSQL server`);
    for (const path of paths) {
      const result = await autocannon({ url: base + path, connections: 50, duration: seconds });
      const failed = result.non2xx + result.errors;
      console.log(
        `${String(Math.round(result.requests.average)).padStart(6)} req/s  ` +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
          `${failed > 0 ? `${failed} failed  ` : ''}${path}`,
      );
    }
  } finally {
    await stopServer(child);
    await database.drop();
  }
}

await main();
