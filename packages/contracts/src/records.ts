import { type Static, Type } from 'typebox';
import { Booking } from './bookings.js';
import { Count, Instant, Uuid } from './common.js';
import { Patient } from './patients.js';
import { Prescription } from './prescriptions.js';
import { DiagnosticReport } from './results.js';
import { VisitNote } from './visits.js';

// The patient's record: everything about one patient in one response. The clinical sections hold
// the owning modules' own views, so an item reads the same here as on its own route.

/** How many items each section holds at most; a longer history is cut and named in `truncated`. */
export const RECORD_LIMITS = {
  bookings: 500,
  visitNotes: 500,
  prescriptions: 500,
  reports: 200,
} as const;
export type RecordSection = keyof typeof RECORD_LIMITS;

export const PatientRecord = Type.Object(
  {
    profile: Patient,
    bookings: Type.Array(Booking, {
      maxItems: RECORD_LIMITS.bookings,
      description:
        'Past and upcoming bookings in your scope, latest start first; expired holds left out',
    }),
    visitNotes: Type.Array(VisitNote, {
      maxItems: RECORD_LIMITS.visitNotes,
      description: 'Current revisions of the visit notes',
    }),
    prescriptions: Type.Array(Prescription, {
      maxItems: RECORD_LIMITS.prescriptions,
      description: 'Current revisions of the prescriptions, every status',
    }),
    reports: Type.Array(DiagnosticReport, {
      maxItems: RECORD_LIMITS.reports,
      description:
        'Released diagnostic reports (current revisions) with observations and documents',
    }),
    truncated: Type.Array(Type.Enum(['bookings', 'visitNotes', 'prescriptions', 'reports']), {
      maxItems: 4,
      uniqueItems: true,
      description:
        'Sections cut at their limit (the most recent kept); read them in full from their own lists',
    }),
  },
  { title: 'PatientRecord' },
);

/** What an erasure did: ids and counts only. */
export const PatientErasure = Type.Object(
  {
    patientId: Uuid,
    erasedAt: { ...Instant, description: 'When the patient was first erased' },
    accountClosed: Type.Boolean({ description: 'Whether the patient had a login to close' }),
    bookingsCancelled: Count('Future bookings this request cancelled'),
    ratingCommentsRemoved: Count('Rating comments this request removed'),
  },
  { title: 'PatientErasure' },
);

export type PatientRecordView = Static<typeof PatientRecord>;
export type PatientErasureView = Static<typeof PatientErasure>;
