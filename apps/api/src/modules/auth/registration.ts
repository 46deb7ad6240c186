import type { AcceptedView, RegisterInput } from '@medsync/contracts';
import type { Database } from '../../db/client.js';
import { pgError, SqlState } from '../../db/errors.js';
import type { Actor, Identity } from '../../shared/actor.js';
import { Unprocessable } from '../../shared/errors.js';
import type { AuditLog } from '../audit/index.js';
import {
  createPatientProfile,
  EARLIEST_BIRTH_DATE,
  implausibleBirthDate,
} from '../patients/index.js';
import { accountEvent } from './events.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { CredentialRepository } from './repository.js';

const ACCEPTED: AcceptedView = { status: 'accepted' };

function checkDateOfBirth(dateOfBirth: string): void {
  const problem = implausibleBirthDate(dateOfBirth, new Date());
  if (!problem) return;
  const message =
    problem === 'future'
      ? 'must not be in the future'
      : `must not be before ${EARLIEST_BIRTH_DATE}`;
  throw new Unprocessable('invalid-date-of-birth', 'The date of birth is not possible', [
    { field: 'dateOfBirth', message },
  ]);
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
  actor: Actor,
  input: RegisterInput,
): Promise<AcceptedView> {
  checkPasswordPolicy(input.password, 'password', [input.email, input.fullName]);
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
      const patient = await createPatientProfile(tx, {
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
