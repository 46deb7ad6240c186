import type { PrescriptionStatus } from '@medsync/contracts';

/**
 * The status machine, with FHIR MedicationRequest's meanings. `active` and `on-hold` are open
 * (their content may still be corrected); the others are closed, and may only be marked
 * `entered-in-error` afterwards (a prescription written for the wrong patient stays findable as
 * such). `cancelled` means nothing was dispensed, `stopped` that dispensing had begun: the
 * pharmacy, which records dispensations, will enforce that split (README, "Dispensing").
 */
export const NEXT_STATUSES: Record<PrescriptionStatus, readonly PrescriptionStatus[]> = {
  active: ['on-hold', 'completed', 'cancelled', 'stopped', 'entered-in-error'],
  'on-hold': ['active', 'cancelled', 'stopped', 'entered-in-error'],
  completed: ['entered-in-error'],
  cancelled: ['entered-in-error'],
  stopped: ['entered-in-error'],
  'entered-in-error': [],
};

/** The statuses in which a prescription is a current medication, and its content may be corrected. */
export const OPEN_STATUSES: readonly PrescriptionStatus[] = ['active', 'on-hold'];

export const canTransition = (from: PrescriptionStatus, to: PrescriptionStatus): boolean =>
  NEXT_STATUSES[from].includes(to);
