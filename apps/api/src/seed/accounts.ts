import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../db/client.js';
import { accounts, patients, staffLocations } from '../db/schema/index.js';
import { checkPasswordPolicy, hashPassword } from '../modules/auth/index.js';
import { DatabaseDocumentStorage, type DocumentStorage } from '../modules/documents/index.js';
import type { Role } from '../shared/actor.js';
import { Unprocessable } from '../shared/errors.js';
import { seedDemoBookings } from './bookings.js';
import { seedDemoHistory } from './history.js';
import type { NewDoctor, SeedSet } from './rows.js';

// Sign-in accounts for the demo network, one per role, so that a first start can be tried out.
// `.example` is a reserved domain: no mail to these addresses can reach anyone.
const DOMAIN = 'demo.medsync.example';

export interface DemoAccount {
  email: string;
  role: Role;
}

export interface DemoAccounts {
  accounts: DemoAccount[];
  /** The shared password, or null when the operator chose it with DEMO_PASSWORD. */
  generatedPassword: string | null;
}

// No 0/o or 1/l: the passphrase is read off a log line and typed by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Four groups of five random characters: about 100 bits, and easy to type. */
function generatePassphrase(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return Array.from({ length: 4 }, () => group().join('')).join('-');
}

function chosenPassword(fromEnv: string): string {
  try {
    checkPasswordPolicy(fromEnv, 'DEMO_PASSWORD');
  } catch (err) {
    if (!(err instanceof Unprocessable)) throw err;
    throw new Error(
      `DEMO_PASSWORD cannot be used: it ${err.errors[0]?.message ?? 'is not allowed'}`,
    );
  }
  return fromEnv;
}

const firstRow = <R>(table: { rows(): Iterable<R> }): R => {
  for (const row of table.rows()) return row;
  throw new Error('the demo set has no rows to attach accounts to');
};

/**
 * Adds an admin, a staff member of the first clinic, accounts for its first two doctors (general
 * practice, cardiology) and two patients registered there, each booked with the first doctor
 * this week, plus three patients without an account; then their clinical past (history.ts), in
 * the caller's transaction. All share one password, hashed once: DEMO_PASSWORD if set, else a passphrase
 * generated now and returned for the start-up log.
 */
export async function seedDemoAccounts(
  tx: Executor,
  set: SeedSet,
  passwordFromEnv: string | undefined,
  storage: DocumentStorage = new DatabaseDocumentStorage(),
): Promise<DemoAccounts> {
  const generatedPassword = passwordFromEnv ? null : generatePassphrase();
  const passwordHash = await hashPassword(generatedPassword ?? chosenPassword(passwordFromEnv!));
  const locationId = firstRow(set.locations).id!;
  const [doctor, cardiologist] = [...set.doctors.rows()] as [NewDoctor, NewDoctor];
  const email = (local: string) => `${local}@${DOMAIN}`;
  const profiles = await tx
    .insert(patients)
    .values(
      [
        { fullName: 'Alex Sample', dateOfBirth: '1987-04-12', sex: 'female' },
        { fullName: 'Sam Example', dateOfBirth: '1954-11-30', sex: 'male' },
        { fullName: 'Maria Muster', dateOfBirth: '1979-02-03', sex: 'female' },
        { fullName: 'Jonas Beispiel', dateOfBirth: '1992-08-21', sex: 'male' },
        { fullName: 'Priya Placeholder', dateOfBirth: '1966-05-09', sex: 'female' },
      ].map((p, i) => ({
        ...p,
        email: i < 2 ? email(`patient${i + 1}`) : null,
        registeredAtLocationId: locationId,
      })),
    )
    .returning({ id: patients.id, email: patients.email });
  const withAccounts = profiles.filter((p) => p.email !== null);
  const rows = [
    { email: email('admin'), role: 'admin' as const },
    { email: email('staff'), role: 'staff' as const },
    { email: email('doctor'), role: 'doctor' as const, doctorId: doctor.id! },
    { email: email('cardiologist'), role: 'doctor' as const, doctorId: cardiologist.id! },
    ...withAccounts.map((p) => ({ email: p.email!, role: 'patient' as const, patientId: p.id })),
  ];
  const created = await tx
    .insert(accounts)
    .values(rows.map((row) => ({ ...row, passwordHash })))
    .returning({ id: accounts.id, email: accounts.email, role: accounts.role });
  const idOf = (address: string) => created.find((a) => a.email === address)!.id;
  const staffId = idOf(email('staff'));
  await tx.insert(staffLocations).values({ accountId: staffId, locationId });
  await seedDemoBookings(
    tx,
    set,
    doctor,
    withAccounts.map((p) => p.id),
  );
  await seedDemoHistory(
    tx,
    set,
    {
      gp: { accountId: idOf(email('doctor')), doctor },
      cardiologist: { accountId: idOf(email('cardiologist')), doctor: cardiologist },
      staff: { accountId: staffId, locationId },
      admin: { accountId: idOf(email('admin')) },
      patients: profiles.map((p) => ({ id: p.id, accountId: p.email ? idOf(p.email) : null })),
    },
    storage,
  );
  return { accounts: rows.map(({ email, role }) => ({ email, role })), generatedPassword };
}

/**
 * The one log line that names demo accounts and their password: demo data only, never real. A
 * sentence rather than fields, so that the password reads the same on a terminal and in JSON.
 */
export function announceDemoAccounts(log: FastifyBaseLogger, demo: DemoAccounts): void {
  const password = demo.generatedPassword
    ? `the password ${demo.generatedPassword}`
    : 'the password set in DEMO_PASSWORD';
  const emails = demo.accounts.map((a) => a.email).join(', ');
  log.warn(`demo accounts created; sign in with ${password} as any of: ${emails}`);
}
