// A prescription as its form holds it (strings, as typed) and as the API wants it; the form's
// field names are the request's JSON Pointers without `/body/`, so that a refused field's error
// lands on its field.
import type {
  CreatePrescriptionInput,
  PrescriptionStatus,
  PrescriptionView,
} from '@medsync/contracts';

export interface PrescriptionDraft {
  name: string;
  strength: string;
  form: string;
  dose: string;
  route: string;
  frequency: string;
  durationDays: string;
  quantity: string;
  unit: string;
  repeats: string;
  instructions: string;
  notes: string;
  validFrom: string;
  validUntil: string;
}

/** Draft field → the name of its field in the request. */
export const FIELD_NAMES: Record<keyof PrescriptionDraft, string> = {
  name: 'medication/name',
  strength: 'medication/strength',
  form: 'medication/form',
  dose: 'dose',
  route: 'route',
  frequency: 'frequency',
  durationDays: 'durationDays',
  quantity: 'quantity/value',
  unit: 'quantity/unit',
  repeats: 'repeats',
  instructions: 'instructions',
  notes: 'notes',
  validFrom: 'validFrom',
  validUntil: 'validUntil',
};

export const EMPTY_DRAFT: PrescriptionDraft = {
  name: '',
  strength: '',
  form: '',
  dose: '',
  route: 'oral',
  frequency: '',
  durationDays: '',
  quantity: '',
  unit: '',
  repeats: '0',
  instructions: '',
  notes: '',
  validFrom: '',
  validUntil: '',
};

export function draftOf(p: PrescriptionView): PrescriptionDraft {
  return {
    name: p.medication.name,
    strength: p.medication.strength,
    form: p.medication.form,
    dose: p.dose,
    route: p.route,
    frequency: p.frequency,
    durationDays: String(p.durationDays),
    quantity: p.quantity.value,
    unit: p.quantity.unit,
    repeats: String(p.repeats),
    instructions: p.instructions,
    notes: p.notes ?? '',
    validFrom: p.validFrom,
    validUntil: p.validUntil,
  };
}

/** The request's content; empty optional fields are left out (the server's defaults apply). */
export function contentOf(d: PrescriptionDraft): CreatePrescriptionInput {
  const notes = d.notes.trim();
  return {
    medication: { name: d.name.trim(), strength: d.strength.trim(), form: d.form.trim() },
    dose: d.dose.trim(),
    route: d.route.trim(),
    frequency: d.frequency.trim(),
    durationDays: Number(d.durationDays),
    quantity: { value: d.quantity.trim(), unit: d.unit.trim() },
    repeats: Number(d.repeats),
    instructions: d.instructions.trim(),
    ...(notes ? { notes } : {}),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    ...(d.validUntil ? { validUntil: d.validUntil } : {}),
  };
}

/** The status changes the API allows from each status (prescriptions' transitions). */
export const NEXT_STATUSES: Record<PrescriptionStatus, readonly PrescriptionStatus[]> = {
  active: ['stopped', 'on-hold', 'completed', 'cancelled', 'entered-in-error'],
  'on-hold': ['active', 'stopped', 'cancelled', 'entered-in-error'],
  completed: ['entered-in-error'],
  cancelled: ['entered-in-error'],
  stopped: ['entered-in-error'],
  'entered-in-error': [],
};

/** Only an open prescription can be corrected; a closed one is marked entered-in-error. */
export const isOpen = (status: PrescriptionStatus) => status === 'active' || status === 'on-hold';
