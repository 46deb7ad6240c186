import type {
  AccountView,
  CreateAccountInput,
  ListAccountsInput,
  UpdateAccountInput,
} from '@medsync/contracts';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { Conflict, NotFound, Unprocessable } from '../../shared/errors.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { type AuditLog, auditedWrite } from '../audit/index.js';
import { checkPasswordPolicy, hashPassword, revokeAllSessions } from '../auth/index.js';
import { AccountRepository, type ShownAccount } from './repository.js';
import { checkNewAccount, checkNotSelfLockout, planAccountChanges } from './rules.js';

const present = (row: ShownAccount): AccountView => ({
  id: row.id,
  email: row.email,
  role: row.role as AccountView['role'],
  patientId: row.patientId,
  doctorId: row.doctorId,
  locationIds: row.locationIds,
  disabled: row.disabledAt !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** An account event; a patient's account is their data, so it names them as the patient. */
const accountEvent = (action: string, id: string | null, patientId: string | null = null) => ({
  action,
  resourceType: 'account',
  resourceId: id,
  patientId,
});

/** Constraint violations of an account write, as the client's errors. */
const ACCOUNT_CONSTRAINTS = {
  accounts_email_key: () => new Conflict('email-taken', 'An account with this e-mail exists'),
  accounts_doctor_key: () =>
    new Conflict('doctor-linked', 'This doctor already has an account of their own'),
  accounts_doctor_fk: () =>
    new Unprocessable('invalid-reference', 'A referenced record does not exist', [
      { field: 'doctorId', message: 'must name an existing doctor' },
    ]),
};

async function checkLocations(repo: AccountRepository, ids: readonly string[]): Promise<void> {
  const existing = new Set(await repo.existingLocations(ids));
  if (ids.every((id) => existing.has(id))) return;
  throw new Unprocessable('invalid-reference', 'A referenced record does not exist', [
    { field: 'locationIds', message: 'must name existing locations' },
  ]);
}

async function shown(repo: AccountRepository, id: string): Promise<AccountView> {
  return present((await repo.get(id))!);
}

/** Staff, doctor and admin accounts, managed by admins. Patients sign themselves up. */
export class AccountService {
  constructor(readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}

  async create(actor: Actor, input: CreateAccountInput): Promise<AccountView> {
    checkNewAccount(input);
    checkPasswordPolicy(input.password, 'password', [input.email]);
    // Hashed before the transaction: Argon2 is deliberately slow and must not hold a connection.
    const passwordHash = await hashPassword(input.password);
    const { locationIds, password: _, ...fields } = input;
    return auditedWrite(this.deps, actor, accountEvent('account.create', null), async (tx) => {
      const repo = new AccountRepository(tx);
      if (locationIds) await checkLocations(repo, locationIds);
      const { id } = await this.insert(
        tx,
        { ...fields, email: fields.email.toLowerCase() },
        passwordHash,
      );
      if (locationIds) await repo.addLocations(id, locationIds);
      await this.deps.audit.record(tx, actor, {
        ...accountEvent('account.create', id),
        outcome: 'success',
      });
      return shown(repo, id);
    });
  }

  async list(actor: Actor, query: ListAccountsInput) {
    const position = decodeCursor(query.cursor, 'created');
    const rows = await new AccountRepository(this.deps.db).list(
      query.role,
      position?.id ?? null,
      query.limit,
    );
    await this.deps.audit.record(this.deps.db, actor, {
      ...accountEvent('account.search', null),
      outcome: 'success',
    });
    return toPage(rows, query.limit, 'created', (row) => row.id, present);
  }

  async get(actor: Actor, id: string): Promise<AccountView> {
    const row = await new AccountRepository(this.deps.db).get(id);
    await this.deps.audit.record(this.deps.db, actor, {
      ...accountEvent('account.read', id, row?.patientId ?? null),
      outcome: row ? 'success' : 'failure',
    });
    if (!row) throw new NotFound('Account');
    return present(row);
  }

  /** Role, doctor link and disabling. Each of them ends the account's sessions at once. */
  async update(actor: Actor, id: string, input: UpdateAccountInput): Promise<AccountView> {
    const now = this.deps.clock();
    return auditedWrite(this.deps, actor, accountEvent('account.update', id), async (tx) => {
      // Inside, so that a refused attempt on one's own role is on the record as a failure.
      checkNotSelfLockout(identityOf(actor), id, input);
      const repo = new AccountRepository(tx);
      const current = await repo.lock(id);
      if (!current) throw new NotFound('Account');
      const plan = planAccountChanges(current, input, now);
      if (Object.keys(plan.changes).length > 0) {
        try {
          await repo.update(id, plan.changes);
        } catch (err) {
          rethrowConstraint(err, ACCOUNT_CONSTRAINTS);
        }
      }
      if (plan.clearLocations) await repo.clearLocations(id);
      if (plan.revokeSessions) await revokeAllSessions(tx, id);
      for (const action of plan.actions) {
        await this.deps.audit.record(tx, actor, {
          ...accountEvent(action, id, current.patientId),
          outcome: 'success',
        });
      }
      return shown(repo, id);
    });
  }

  /** Scope is read fresh on every request: the next request already sees the new locations. */
  async setLocations(actor: Actor, id: string, locationIds: string[]): Promise<AccountView> {
    const event = accountEvent('account.locations-change', id);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new AccountRepository(tx);
      const current = await repo.lock(id);
      if (!current) throw new NotFound('Account');
      if (current.role !== 'staff') {
        throw new Unprocessable('not-staff', 'Only staff accounts work at locations', [
          { field: 'locationIds', message: 'only staff accounts have locations' },
        ]);
      }
      await checkLocations(repo, locationIds);
      await repo.clearLocations(id);
      await repo.addLocations(id, locationIds);
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
      return shown(repo, id);
    });
  }

  private async insert(
    tx: Executor,
    fields: Omit<CreateAccountInput, 'password' | 'locationIds'>,
    passwordHash: string,
  ): Promise<{ id: string }> {
    try {
      return await new AccountRepository(tx).create({ ...fields, passwordHash });
    } catch (err) {
      rethrowConstraint(err, ACCOUNT_CONSTRAINTS);
    }
  }
}
