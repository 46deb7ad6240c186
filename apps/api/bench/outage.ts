import { randomBytes } from 'node:crypto';
import { createPrivateCluster } from '../test/support/cluster.js';
import {
  crashUnderLoad,
  missingBookings,
  outageFigures,
  planBookers,
  prepareBookers,
  startBookingServer,
} from '../test/support/outage.js';

// `npm run bench:outage [-- CRASHES]`: a private PostgreSQL cluster (initdb into a temporary
// folder; as root its commands run as `postgres`), the server on it with the default database
// timeouts, 12 clients booking distinct slots, and the cluster crashed (`pg_ctl -m immediate`)
// CRASHES times (default 3) for 4 s each. Prints the time to the first 503 after each crash, to
// `/ready` 200 after each restart, the slowest request, and the acknowledged bookings lost.

const crashes = Number(process.argv[2] ?? 3);
const JWT_SECRET = randomBytes(32).toString('hex');

const cluster = await createPrivateCluster();
try {
  const { databaseUrl, doctorIds, tokens } = await prepareBookers(cluster, 12, JWT_SECRET);
  const { server, base } = await startBookingServer(databaseUrl, JWT_SECRET, {});
  try {
    const bookers = await planBookers(base, doctorIds, tokens);
    const run = await crashUnderLoad({ cluster, base, bookers, crashes, outageMs: 4_000 });
    const acknowledged = run.answers.flatMap((a) => (a.bookingId ? [a.bookingId] : []));
    const lost = await missingBookings(databaseUrl, acknowledged);
    const statuses: Record<number, number> = {};
    for (const a of run.answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    console.log({
      ...outageFigures(run),
      lost: lost.length,
      statuses,
      serverAlive: server.child.exitCode === null,
    });
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
} finally {
  await cluster.remove();
}
