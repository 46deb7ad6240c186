import { type Static, Type } from 'typebox';
import { INT32_MAX, Instant, Int32, Nullable, Uuid } from './common.js';

// A visit's clinical note and diagnoses, written by the booking's doctor and corrected by new
// revisions, never overwritten.

export const VISIT_NOTE_MAX = 10_000;
export const MAX_DIAGNOSES = 20;
/** A note has at most this many revisions, so that its history is one bounded answer. */
export const MAX_VISIT_NOTE_REVISIONS = 100;

/** Free clinical text: at least one non-space character, no NUL; trimmed by the server. */
const ClinicalText = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^(?=[\\s\\S]*\\S)[^\\u0000]*$', description });

export const Icd10Code = Type.String({
  pattern: '^[A-Z][0-9][0-9AB](\\.[0-9A-Z]{1,4})?$',
  maxLength: 8,
  description:
    'ICD-10 code, upper case, with the dot: `J06.9`, `E11`, `U07.1` (U: WHO’s codes for ' +
    'special purposes, COVID-19 among them)',
  examples: ['J06.9'],
});

export const DiagnosisBody = Type.Object(
  {
    text: ClinicalText(500, 'The diagnosis in the doctor’s words'),
    code: Type.Optional(Icd10Code),
  },
  { additionalProperties: false },
);

export const Diagnosis = Type.Object(
  { text: DiagnosisBody.properties.text, code: Nullable(Icd10Code) },
  { title: 'Diagnosis' },
);

const NoteText = ClinicalText(VISIT_NOTE_MAX, 'The visit’s clinical note');
const DiagnosesBody = Type.Array(DiagnosisBody, {
  maxItems: MAX_DIAGNOSES,
  description: `At most ${MAX_DIAGNOSES}, in the doctor’s order`,
});

export const CreateVisitNoteBody = Type.Object(
  { note: NoteText, diagnoses: Type.Optional(DiagnosesBody) },
  { additionalProperties: false, title: 'CreateVisitNote' },
);

export const VisitNoteRevisionBody = Type.Object(
  {
    revision: Int32(1, INT32_MAX, {
      description: 'The revision you read: a note revised since answers 409 `revision-conflict`',
    }),
    reason: ClinicalText(500, 'Why the note is corrected'),
    note: NoteText,
    diagnoses: DiagnosesBody,
  },
  { additionalProperties: false, title: 'VisitNoteRevision' },
);

export const VisitNote = Type.Object(
  {
    id: { ...Uuid, description: 'The note’s id: the same for every revision' },
    revision: Int32(1, INT32_MAX, { description: '1 for the first, then 2, 3, …' }),
    bookingId: Uuid,
    patientId: Uuid,
    doctorId: Uuid,
    locationId: Uuid,
    note: NoteText,
    diagnoses: Type.Array(Diagnosis, { maxItems: MAX_DIAGNOSES }),
    revisionReason: Nullable(
      ClinicalText(500, 'Why this revision was written; null for the first'),
    ),
    authorAccountId: { ...Uuid, description: 'The account that wrote this revision' },
    recordedAt: { ...Instant, description: 'When this revision was written (location’s offset)' },
    supersededAt: Nullable({
      ...Instant,
      description: 'When a later revision replaced this one; null for the current revision',
    }),
  },
  { title: 'VisitNote' },
);

export const VisitNoteHistory = Type.Object(
  {
    items: Type.Array(VisitNote, {
      maxItems: MAX_VISIT_NOTE_REVISIONS,
      description: 'Every revision, oldest first',
    }),
  },
  { title: 'VisitNoteHistory' },
);

export type DiagnosisView = Static<typeof Diagnosis>;
export type VisitNoteView = Static<typeof VisitNote>;
export type VisitNoteHistoryView = Static<typeof VisitNoteHistory>;
export type CreateVisitNoteInput = Static<typeof CreateVisitNoteBody>;
export type VisitNoteRevisionInput = Static<typeof VisitNoteRevisionBody>;
