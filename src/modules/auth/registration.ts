import type { Database } from '../../db/client.js';
import { pgError, SqlState } from '../../db/errors.js';
import type { Actor, Identity } from '../../http/access.js';
import { Unprocessable } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { PatientRepository } from '../patients/repository.js';
import { accountEvent } from './events.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { CredentialRepository } from './repository.js';
import type { AcceptedView, RegisterInput } from './schemas.js';

const ACCEPTED: AcceptedView = { status: 'accepted' };
const EARLIEST_BIRTH_DATE = '1900-01-01';
// The calendar date is already "tomorrow" in UTC+14 while it is "today" in UTC: a birth date
// is in the future only once it is after the date anywhere on Earth.
const LATEST_OFFSET_MS = 14 * 60 * 60 * 1000;

function checkDateOfBirth(dateOfBirth: string, now = Date.now()): void {
  const latest = new Date(now + LATEST_OFFSET_MS).toISOString().slice(0, 10);
  const message =
    dateOfBirth > latest
      ? 'must not be in the future'
      : dateOfBirth < EARLIEST_BIRTH_DATE
        ? `must not be before ${EARLIEST_BIRTH_DATE}`
        : null;
  if (message) {
    throw new Unprocessable('invalid-date-of-birth', 'The date of birth is not possible', [
      { path: '/body/dateOfBirth', message },
    ]);
  }
}

const patientIdentity = (accountId: string, patientId: string): Identity => ({
  accountId,
  role: 'patient',
  patientId,
  doctorId: null,
  locationIds: [],
});

/**
 * Creates a patient profile and its account in one transaction. The answer is the same whether
 * or not the address already had an account, and takes as long: the password is hashed either
 * way, so the answer cannot be used to find out who is a patient here.
 */
export async function registerPatient(
  deps: { db: Database; audit: AuditLog },
  input: RegisterInput,
  actor: Actor,
): Promise<AcceptedView> {
  checkPasswordPolicy(input.password, '/body/password', [input.email, input.fullName]);
  checkDateOfBirth(input.dateOfBirth);
  const passwordHash = await hashPassword(input.password);
  try {
    await deps.db.transaction(async (tx) => {
      const accounts = new CredentialRepository(tx);
      const existing = await accounts.findByEmail(input.email);
      if (existing) {
        await deps.audit.record(tx, actor, accountEvent('auth.register', 'failure', existing.id));
        return;
      }
      const patient = await new PatientRepository(tx).create({
        fullName: input.fullName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        phone: input.phone ?? null,
        email: input.email,
      });
      const account = await accounts.create({
        email: input.email,
        passwordHash,
        role: 'patient',
        patientId: patient.id,
      });
      const registered = { ...actor, identity: patientIdentity(account.id, patient.id) };
      const event = accountEvent('auth.register', 'success', account.id, patient.id);
      await deps.audit.record(tx, registered, event);
    });
  } catch (err) {
    // A concurrent registration of the same address committed first: answer as for any taken one.
    const pg = pgError(err);
    if (pg?.code !== SqlState.uniqueViolation || pg.constraint !== 'accounts_email_key') throw err;
    const existing = await new CredentialRepository(deps.db).findByEmail(input.email);
    await deps.audit.record(
      deps.db,
      actor,
      accountEvent('auth.register', 'failure', existing?.id ?? null),
    );
  }
  return ACCEPTED;
}
