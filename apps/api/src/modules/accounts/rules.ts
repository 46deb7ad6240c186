import type { CreateAccountInput, UpdateAccountInput } from '@medsync/contracts';
import type { AccountRow } from '../../db/schema/index.js';
import type { Identity } from '../../shared/actor.js';
import { type FieldError, Unprocessable } from '../../shared/errors.js';
import type { AccountChanges } from './repository.js';

// Which fields go with which role, and which changes an admin may make: pure rules, so that
// the service only sequences them inside its transaction.

const invalid = (code: string, errors: FieldError[]) =>
  new Unprocessable(code, 'The account cannot be set up like this', errors);

const PATIENTS_REGISTER = 'patients register themselves; their accounts are made at sign-up';

/** A doctor account needs its doctor profile, a staff account its locations; nobody else has them. */
export function checkNewAccount(input: CreateAccountInput): void {
  const errors: FieldError[] = [];
  if (input.role === 'patient') errors.push({ field: 'role', message: PATIENTS_REGISTER });
  if (input.role === 'doctor' && !input.doctorId) {
    errors.push({ field: 'doctorId', message: 'is required for a doctor' });
  }
  if (input.role !== 'doctor' && input.doctorId) {
    errors.push({ field: 'doctorId', message: 'is only for doctors' });
  }
  if (input.role === 'staff' && !input.locationIds) {
    errors.push({ field: 'locationIds', message: 'is required for staff' });
  }
  if (input.role !== 'staff' && input.locationIds) {
    errors.push({ field: 'locationIds', message: 'is only for staff' });
  }
  if (errors.length > 0) throw invalid('invalid-account', errors);
}

/** So that the network never loses its last admin by accident, nobody demotes or disables themselves. */
export function checkNotSelfLockout(identity: Identity, id: string, input: UpdateAccountInput) {
  if (identity.accountId !== id) return;
  const errors: FieldError[] = [];
  if (input.role !== undefined && input.role !== 'admin') {
    errors.push({ field: 'role', message: 'you cannot remove your own admin role' });
  }
  if (input.disabled === true) {
    errors.push({ field: 'disabled', message: 'you cannot disable your own account' });
  }
  if (errors.length > 0) throw invalid('self-lockout', errors);
}

export interface AccountPlan {
  changes: AccountChanges;
  /** The audit actions, one per change made; `account.update` when nothing changes. */
  actions: string[];
  /** Role, doctor link or disabling: every existing session must stop at once. */
  revokeSessions: boolean;
  /** Leaving the staff role: its locations would otherwise return with it. */
  clearLocations: boolean;
}

function nextLink(current: AccountRow, input: UpdateAccountInput) {
  const role = input.role ?? current.role;
  if (input.role === 'patient' && current.role !== 'patient') {
    throw invalid('invalid-role', [{ field: 'role', message: PATIENTS_REGISTER }]);
  }
  if (current.role === 'patient' && role !== 'patient') {
    throw invalid('invalid-role', [{ field: 'role', message: 'a patient account keeps its role' }]);
  }
  if (role !== 'doctor') {
    if (input.doctorId) {
      throw invalid('invalid-account', [{ field: 'doctorId', message: 'is only for doctors' }]);
    }
    return { role, doctorId: null };
  }
  const doctorId = input.doctorId ?? (current.role === 'doctor' ? current.doctorId : null);
  if (!doctorId) {
    throw invalid('invalid-account', [{ field: 'doctorId', message: 'is required for a doctor' }]);
  }
  return { role, doctorId };
}

/** What a PATCH changes on `current`, given the time `now`. */
export function planAccountChanges(
  current: AccountRow,
  input: UpdateAccountInput,
  now: Date,
): AccountPlan {
  const link = nextLink(current, input);
  const relinked = link.role !== current.role || link.doctorId !== current.doctorId;
  const wasDisabled = current.disabledAt !== null;
  const toggled = input.disabled !== undefined && input.disabled !== wasDisabled;
  const changes: AccountChanges = relinked ? { ...link } : {};
  const actions: string[] = relinked ? ['account.role-change'] : [];
  if (toggled) {
    changes.disabledAt = input.disabled ? now : null;
    actions.push(input.disabled ? 'account.disable' : 'account.enable');
  }
  return {
    changes,
    actions: actions.length > 0 ? actions : ['account.update'],
    revokeSessions: relinked || (toggled && input.disabled === true),
    clearLocations: relinked && current.role === 'staff' && link.role !== 'staff',
  };
}
