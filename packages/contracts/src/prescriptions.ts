import { type Static, Type } from 'typebox';
import { Instant, Int32, Name, Nullable, Uuid } from './common.js';
import { Cursor, Limit, Page } from './pagination.js';

// Prescriptions (FHIR MedicationRequest in spirit): written by the doctor of a visit, never
// changed in place. Every content change or status change is a new revision; `revision` is the
// compare-and-swap token, and the id stays the prescription's (the first revision's) for good.

export const PRESCRIPTION_STATUSES = [
  'active',
  'on-hold',
  'completed',
  'cancelled',
  'stopped',
  'entered-in-error',
] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

export const PrescriptionStatusSchema = Type.Enum([...PRESCRIPTION_STATUSES], {
  description:
    'As FHIR MedicationRequest: `active`; `on-hold` (paused); `completed` (all done); ' +
    '`cancelled` (ended before anything was dispensed); `stopped` (halted after dispensing ' +
    'began); `entered-in-error` (written by mistake)',
});

/** What a revision may say: one kind of change per revision. */
export const PrescriptionChange = Type.Enum(['created', 'revised', 'status-changed'], {
  description: 'What this revision did: the first one, a content correction, a status change',
});

/** A decimal quantity with up to three fraction digits, above zero, as a string. */
export const QuantityValue = Type.String({
  pattern: '^(0|[1-9][0-9]{0,6})(\\.[0-9]{1,3})?$',
  maxLength: 11,
  description: 'Decimal amount with up to three fraction digits, as a string; above zero',
  examples: ['30', '7.5'],
});
/** A prescription takes at most this many revisions, so that its history is bounded. */
export const MAX_PRESCRIPTION_REVISIONS = 200;
/** A visit holds at most this many prescriptions. */
export const MAX_PRESCRIPTIONS_PER_BOOKING = 50;
const RevisionNumber = Int32(1, MAX_PRESCRIPTION_REVISIONS, {
  description: 'The revision read; send it back to change the prescription (compare-and-swap)',
});
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why (required)' });
const ValidityDate = Type.String({
  format: 'date',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  maxLength: 10,
  description: 'Local date in the location’s time zone, YYYY-MM-DD (inclusive)',
  examples: ['2027-03-01'],
});

export const Medication = Type.Object(
  {
    name: { ...Name(200), description: 'Medicine name, e.g. Amoxicillin' },
    strength: { ...Name(100), description: 'e.g. 500 mg, 5 mg/ml' },
    form: { ...Name(60), description: 'e.g. tablet, capsule, oral suspension' },
  },
  { additionalProperties: false },
);

export const PrescribedQuantity = Type.Object(
  {
    value: QuantityValue,
    unit: { ...Name(32), description: 'e.g. tablet, ml' },
  },
  {
    additionalProperties: false,
    description: 'The quantity authorised for one fill (the first or a repeat)',
  },
);

/** The clinical content of a prescription: what a doctor writes, and what a revision replaces. */
const contentFields = {
  medication: Medication,
  dose: { ...Name(100), description: 'Per administration, e.g. 1 tablet' },
  route: { ...Name(60), description: 'e.g. oral, topical, intravenous' },
  frequency: { ...Name(100), description: 'e.g. three times a day' },
  durationDays: Int32(1, 366, { description: 'How many days the course lasts' }),
  quantity: PrescribedQuantity,
  repeats: Int32(0, 12, { description: 'Fills allowed after the first' }),
  instructions: { ...Name(1000), description: 'For the patient, e.g. take with food' },
  notes: Nullable(Type.String({ maxLength: 2000, description: 'For the pharmacy or colleagues' })),
};
const validityFields = {
  validFrom: ValidityDate,
  validUntil: ValidityDate,
};

export const Prescription = Type.Object(
  {
    id: { ...Uuid, description: 'The prescription’s id, the same for all its revisions' },
    revision: RevisionNumber,
    patientId: Uuid,
    bookingId: { ...Uuid, description: 'The visit it was written in' },
    doctorId: Uuid,
    locationId: Uuid,
    status: PrescriptionStatusSchema,
    ...contentFields,
    ...validityFields,
    authorisedTotal: {
      ...QuantityValue,
      description: 'quantity × (1 + repeats): all that may ever be dispensed',
    },
    dispensedTotal: {
      ...Type.String({ pattern: '^(0|[1-9][0-9]{0,7})(\\.[0-9]{1,3})?$', maxLength: 12 }),
      description: 'Dispensed so far over all fills (the pharmacy records dispensations)',
    },
    remaining: {
      ...Type.String({ pattern: '^(0|[1-9][0-9]{0,7})(\\.[0-9]{1,3})?$', maxLength: 12 }),
      description: 'authorisedTotal − dispensedTotal',
    },
    change: PrescriptionChange,
    reason: Nullable({
      ...Reason,
      description: 'Why this revision was written; null on the first',
    }),
    authorAccountId: Uuid,
    recordedAt: { ...Instant, description: 'When this revision was written' },
    supersededAt: Nullable({
      ...Instant,
      description: 'When a later revision replaced this one; null for the current revision',
    }),
  },
  { title: 'Prescription' },
);

export const CreatePrescriptionBody = Type.Object(
  {
    ...contentFields,
    notes: Type.Optional(contentFields.notes),
    validFrom: Type.Optional({
      ...ValidityDate,
      description: 'First day it may be filled; default the visit’s day, never before it',
    }),
    validUntil: Type.Optional({
      ...ValidityDate,
      description: 'Last day it may be filled; default 90 days after validFrom, at most 366',
    }),
  },
  { additionalProperties: false, title: 'CreatePrescription' },
);

/** A content correction: the whole new content, the revision it replaces and why. */
export const RevisePrescriptionBody = Type.Object(
  {
    revision: RevisionNumber,
    reason: Reason,
    ...contentFields,
    notes: Type.Optional(contentFields.notes),
    ...validityFields,
  },
  {
    additionalProperties: false,
    title: 'RevisePrescription',
    description: 'The whole new content (absent `notes`: none), the revision it replaces and why',
  },
);

export const ChangePrescriptionStatusBody = Type.Object(
  {
    revision: RevisionNumber,
    status: PrescriptionStatusSchema,
    reason: Reason,
  },
  { additionalProperties: false, title: 'ChangePrescriptionStatus' },
);

export const PrescriptionList = Type.Object(
  { items: Type.Array(Prescription, { maxItems: MAX_PRESCRIPTIONS_PER_BOOKING }) },
  { title: 'PrescriptionList' },
);
export const PrescriptionHistory = Type.Object(
  {
    items: Type.Array(Prescription, {
      maxItems: MAX_PRESCRIPTION_REVISIONS,
      description: 'Every revision, oldest first; the last is the current one',
    }),
  },
  { title: 'PrescriptionHistory' },
);

export const ListPatientPrescriptionsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Array(PrescriptionStatusSchema, { maxItems: 6, description: 'Any of these statuses' }),
    ),
    current: Type.Optional(
      Type.Boolean({
        description:
          '`true`: the current medications only (`active` and `on-hold`); with `status`, both apply',
      }),
    ),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const PrescriptionPage = Page(Prescription);

export type PrescriptionChangeKind = Static<typeof PrescriptionChange>;
export type PrescriptionView = Static<typeof Prescription>;
export type PrescriptionListView = Static<typeof PrescriptionList>;
export type PrescriptionHistoryView = Static<typeof PrescriptionHistory>;
export type PrescriptionPageView = Static<typeof PrescriptionPage>;
export type CreatePrescriptionInput = Static<typeof CreatePrescriptionBody>;
export type RevisePrescriptionInput = Static<typeof RevisePrescriptionBody>;
export type ChangePrescriptionStatusInput = Static<typeof ChangePrescriptionStatusBody>;
export type ListPatientPrescriptionsInput = Static<typeof ListPatientPrescriptionsQuery>;
