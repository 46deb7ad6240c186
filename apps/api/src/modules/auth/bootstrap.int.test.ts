import { eq, inArray, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { accounts, auditEvents, patients, staffLocations } from '../../db/schema/index.js';
import { announceDemoAccounts, type DemoAccounts, seedDemoAccounts } from '../../seed/accounts.js';
import { generateDemo, loadSeed, seedDemoIfEmpty } from '../../seed/index.js';
import { materialize } from '../../seed/rows.js';
import { AdminSetupError } from './admins.js';
import { ensureBootstrapAdmin } from './bootstrap.js';
import { verifyPassword } from './passwords.js';

// The first admin from configuration, and the demo accounts of a first start.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function capturingLogger() {
  const lines: string[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) };
}

const ADMIN = { email: 'Chief.Admin@clinic.example', password: 'vivid lantern quartz meadow' };
const admins = () => database.db.select().from(accounts).where(eq(accounts.role, 'admin'));

describe('ensureBootstrapAdmin', () => {
  it('does nothing without configuration', async () => {
    const { lines, log } = capturingLogger();
    await ensureBootstrapAdmin(database.db, null, log);
    expect(await admins()).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('refuses to start with a weak password, naming the variable, and creates nothing', async () => {
    const { log } = capturingLogger();
    const weak = ensureBootstrapAdmin(database.db, { ...ADMIN, password: 'password1234' }, log);
    await expect(weak).rejects.toThrow(AdminSetupError);
    await expect(weak).rejects.toThrow(/^ADMIN_PASSWORD cannot be used: it is too common/);
    expect(await admins()).toEqual([]);
  });

  it('creates the admin once, even when two instances start together; logs its id only', async () => {
    const first = capturingLogger();
    const second = capturingLogger();
    await Promise.all([
      ensureBootstrapAdmin(database.db, ADMIN, first.log),
      ensureBootstrapAdmin(database.db, ADMIN, second.log),
    ]);
    const [admin, ...others] = await admins();
    expect(others).toEqual([]);
    expect(admin!.email).toBe(ADMIN.email);
    expect(await verifyPassword(admin!.passwordHash, ADMIN.password)).toBe(true);
    const lines = [...first.lines, ...second.lines];
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'bootstrap admin created',
      accountId: admin!.id,
    });
    expect(lines[0]!.toLowerCase()).not.toContain('chief');
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, admin!.id));
    expect(events).toEqual([
      expect.objectContaining({ action: 'account.create', outcome: 'success', actorId: null }),
    ]);
  });

  it('is a no-op the second time, whatever the configuration says', async () => {
    const { lines, log } = capturingLogger();
    await ensureBootstrapAdmin(database.db, { ...ADMIN, email: 'second@clinic.example' }, log);
    expect(await admins()).toHaveLength(1);
    expect(lines).toEqual([]);
  });
});

describe('demo accounts', () => {
  const demo = materialize(generateDemo());
  const emails = ['admin', 'staff', 'doctor', 'cardiologist', 'patient1', 'patient2'].map(
    (local) => `${local}@demo.medsync.example`,
  );

  it('refuse a weak DEMO_PASSWORD and keep a chosen one out of the log', async () => {
    let created: DemoAccounts | undefined;
    const dryRun = (password: string) =>
      database.db.transaction(async (tx) => {
        const set = generateDemo();
        await loadSeed(tx, set);
        created = await seedDemoAccounts(tx, set, password);
        tx.rollback(); // only the answer matters here
      });
    await expect(dryRun('password1234')).rejects.toThrow(/^DEMO_PASSWORD cannot be used/);
    const chosen = 'tangerine-orbit-cello-71';
    await expect(dryRun(chosen)).rejects.toThrow(/rollback/i);
    expect(created!.generatedPassword).toBeNull();
    const { lines, log } = capturingLogger();
    announceDemoAccounts(log, created!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(chosen);
    expect(JSON.parse(lines[0]!).msg).toContain('with the password set in DEMO_PASSWORD as any of');
  });

  it('are created with the demo network, one per role, linked to its first clinic', async () => {
    const { lines, log } = capturingLogger();
    await seedDemoIfEmpty(database.db, log);
    const rows = await database.db.select().from(accounts).where(inArray(accounts.email, emails));
    const byRole = Object.fromEntries(rows.map((r) => [r.email.split('@')[0], r]));
    expect(rows).toHaveLength(6);
    const firstLocation = demo.locations[0]!.id;
    expect(byRole.doctor).toMatchObject({ role: 'doctor', doctorId: demo.doctors[0]!.id });
    const staffAt = await database.db
      .select()
      .from(staffLocations)
      .where(eq(staffLocations.accountId, byRole.staff!.id));
    expect(staffAt.map((s) => s.locationId)).toEqual([firstLocation]);
    const profiles = await database.db
      .select()
      .from(patients)
      .where(inArray(patients.id, [byRole.patient1!.patientId!, byRole.patient2!.patientId!]));
    expect(profiles.map((p) => p.registeredAtLocationId)).toEqual([firstLocation, firstLocation]);

    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    const { msg } = warnings[0];
    // One readable sentence: the password, then every demo address.
    const [, password, listed] =
      /^demo accounts created; sign in with the password (\S+) as any of: (.+)$/.exec(msg)!;
    expect(listed!.split(', ')).toEqual(emails);
    expect(new Set(rows.map((r) => r.passwordHash)).size).toBe(1); // hashed once
    expect(await verifyPassword(rows[0]!.passwordHash, password!)).toBe(true);
    expect(lines.join('\n')).not.toContain(profiles[0]!.fullName);
  });

  it('are not created again on the next start', async () => {
    const { lines, log } = capturingLogger();
    await seedDemoIfEmpty(database.db, log);
    expect(lines).toEqual([]);
    const count = await database.db.$count(
      accounts,
      sql`${accounts.email} like '%@demo.medsync.example'`,
    );
    expect(count).toBe(6);
  });
});
