import type { Executor } from '../../db/client.js';
import { type NewPatient, PatientRepository } from './repository.js';

/**
 * Creates a patient's profile inside the caller's transaction: self-registration creates the
 * account and its profile together. The caller audits it.
 */
export function createPatientProfile(tx: Executor, values: NewPatient): Promise<{ id: string }> {
  return new PatientRepository(tx).create(values);
}
