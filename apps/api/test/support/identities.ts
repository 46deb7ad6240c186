import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.js';
import { type AccountRow, accounts, staffLocations } from '../../src/db/schema/index.js';
import type { AccessTokens } from '../../src/modules/auth/tokens.js';
import type { Role } from '../../src/shared/actor.js';
import { makeDoctor, makeLocation, makePatient, makeSpecialty } from './factories.js';

// Accounts of every role, and the Authorization header that signs in as each. Factory accounts
// carry an unusable password hash: tests of signing in register through the API instead.

const UNUSABLE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$unusable$unusable';

export interface TestAccount {
  account: AccountRow;
  headers: { authorization: string };
}

export interface AccountOptions {
  patientId?: string;
  doctorId?: string;
  locationIds?: string[];
  email?: string;
}

async function linkedProfile(db: Database, role: Role, options: AccountOptions) {
  if (role === 'patient') return { patientId: options.patientId ?? (await makePatient(db)).id };
  if (role !== 'doctor') return {};
  if (options.doctorId) return { doctorId: options.doctorId };
  const specialty = await makeSpecialty(db);
  const location = await makeLocation(db);
  const doctor = await makeDoctor(db, { specialtyId: specialty.id, locationId: location.id });
  return { doctorId: doctor.id };
}

export async function makeAccount(
  db: Database,
  tokens: AccessTokens,
  role: Role,
  options: AccountOptions = {},
): Promise<TestAccount> {
  const [account] = await db
    .insert(accounts)
    .values({
      email: options.email ?? `${role}-${randomBytes(5).toString('hex')}@example.test`,
      passwordHash: UNUSABLE_HASH,
      role,
      ...(await linkedProfile(db, role, options)),
    })
    .returning();
  if (role === 'staff' && options.locationIds?.length) {
    await db
      .insert(staffLocations)
      .values(options.locationIds.map((locationId) => ({ accountId: account!.id, locationId })));
  }
  return { account: account!, headers: await headersFor(tokens, account!) };
}

export async function headersFor(
  tokens: AccessTokens,
  account: Pick<AccountRow, 'id' | 'tokenVersion'>,
): Promise<{ authorization: string }> {
  const token = await tokens.sign({ accountId: account.id, tokenVersion: account.tokenVersion });
  return { authorization: `Bearer ${token}` };
}
