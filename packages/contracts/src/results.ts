import { type Static, Type } from 'typebox';
import { INT32_MAX, Instant, Int32, Name, Nullable, Uuid } from './common.js';
import { Cursor, Limit, Page } from './pagination.js';
import { PatientName } from './patients.js';

// Diagnostic reports and their observations. The server selects the reference range that applies
// to the patient and computes each interpretation: a client never sends one (closed schemas).

export const REPORT_STATUSES = [
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'entered-in-error',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const INTERPRETATIONS = ['N', 'L', 'H', 'LL', 'HH', 'A'] as const;
export type Interpretation = (typeof INTERPRETATIONS)[number];

const ReportStatusSchema = Type.Enum([...REPORT_STATUSES], {
  description:
    'FHIR DiagnosticReport.status. Before release: `registered`, `preliminary`, `final`; a ' +
    'revision after release: `amended` or `corrected`; `entered-in-error` ends the report.',
});

/** A decimal as a string, as NUMERIC(18,6) holds it: up to 12 integer and 6 fraction digits. */
export const Decimal = Type.String({
  pattern: '^-?(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$',
  maxLength: 20,
  description: 'Decimal number as a string (up to 12 integer and 6 fraction digits)',
  examples: ['5.4'],
});
const LoincCode = Type.String({
  pattern: '^\\d{1,7}-\\d$',
  maxLength: 9,
  description: 'LOINC code, e.g. `2345-7`',
  examples: ['2345-7'],
});
const Unit = Type.String({ minLength: 1, maxLength: 32, description: 'UCUM unit, e.g. `mmol/L`' });
const RangeSex = Type.Enum(['female', 'male'], { description: 'Applies to this sex only' });
const Age = Int32(0, 150, { description: 'Age in completed years, inclusive' });
const ExpectedText = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'The normal text result (e.g. `negative`); another text is `A`',
});

/** A candidate reference range as the client sends it, with its qualifiers. */
export const ReferenceRangeBody = Type.Object(
  {
    low: Type.Optional(Decimal),
    high: Type.Optional(Decimal),
    criticalLow: Type.Optional({ ...Decimal, description: 'At or below: `LL`' }),
    criticalHigh: Type.Optional({ ...Decimal, description: 'At or above: `HH`' }),
    text: Type.Optional(ExpectedText),
    sex: Type.Optional(RangeSex),
    ageMin: Type.Optional(Age),
    ageMax: Type.Optional(Age),
  },
  { additionalProperties: false, title: 'ReferenceRangeInput' },
);

export const ObservationBody = Type.Object(
  {
    name: Name(200),
    loincCode: Type.Optional(LoincCode),
    valueQuantity: Type.Optional(Decimal),
    unit: Type.Optional(Unit),
    valueText: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    referenceRanges: Type.Optional(
      Type.Array(ReferenceRangeBody, {
        maxItems: 20,
        description:
          'Candidate ranges; the server keeps the one that applies to the patient (sex, age at ' +
          'the booking’s start), the most specific if several do',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'ObservationInput',
    description: 'Exactly one of `valueQuantity` (with an optional `unit`) and `valueText`',
  },
);

const Observations = Type.Array(ObservationBody, { minItems: 0, maxItems: 100 });
const Title = Name(200);
const Summary = Type.String({ maxLength: 10_000 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Revision = Int32(1, INT32_MAX, {
  description: 'The revision you read: the compare-and-swap token of a report',
});

export const CreateReportBody = Type.Object(
  {
    status: Type.Optional(
      Type.Enum(['registered', 'preliminary', 'final'], { default: 'registered' }),
    ),
    title: Title,
    summary: Type.Optional(Summary),
    observations: Type.Optional(Observations),
  },
  { additionalProperties: false, title: 'CreateReport' },
);

export const ReviseReportBody = Type.Object(
  {
    revision: Revision,
    status: ReportStatusSchema,
    reason: Reason,
    title: Title,
    summary: Type.Optional(Summary),
    observations: Type.Optional(Observations),
  },
  {
    additionalProperties: false,
    title: 'ReviseReport',
    description: 'The whole new revision: title, summary and observations replace the old ones',
  },
);

export const ReportRevisionBody = Type.Object(
  { revision: Revision },
  { additionalProperties: false },
);

export const ReferenceRange = Type.Object(
  {
    low: Nullable(Decimal),
    high: Nullable(Decimal),
    criticalLow: Nullable(Decimal),
    criticalHigh: Nullable(Decimal),
    text: Nullable(ExpectedText),
    sex: Nullable(RangeSex),
    ageMin: Nullable(Age),
    ageMax: Nullable(Age),
  },
  { title: 'ReferenceRange', description: 'The range this value was judged against' },
);

export const Observation = Type.Object(
  {
    name: Name(200),
    loincCode: Nullable(LoincCode),
    valueQuantity: Nullable(Decimal),
    unit: Nullable(Unit),
    valueText: Nullable(Type.String({ maxLength: 2000 })),
    referenceRange: Nullable(ReferenceRange),
    interpretation: Nullable(
      Type.Enum([...INTERPRETATIONS], {
        description:
          'Computed by the server: `N` normal, `L`/`H` below/above the range, `LL`/`HH` ' +
          'critical, `A` abnormal text; null when no range applies',
      }),
    ),
  },
  { title: 'Observation' },
);

export const ReportDocument = Type.Object(
  {
    id: Uuid,
    fileName: Type.String({ maxLength: 255 }),
    contentType: Type.String({ maxLength: 64 }),
    byteSize: Int32(1, 10_485_760),
    createdAt: Instant,
  },
  { title: 'ReportDocument' },
);

export const DiagnosticReport = Type.Object(
  {
    id: { ...Uuid, description: 'The report’s id: the same across its revisions' },
    revision: Revision,
    status: ReportStatusSchema,
    amended: Type.Boolean({ description: 'Changed after its release (`amended`, `corrected`)' }),
    title: Title,
    summary: Nullable(Summary),
    patientId: Uuid,
    bookingId: { ...Nullable(Uuid), description: 'The booking that produced it; null if imported' },
    source: Type.Union([Type.Literal('recorded'), Type.Literal('imported')], {
      description:
        '`imported`: brought from a previous system (no booking; its file is the result)',
    }),
    locationId: Uuid,
    orderingDoctorId: Nullable(Uuid),
    effectiveAt: {
      ...Instant,
      description:
        'When the test was taken: the booking’s start; for an imported report, the start of its original result date in the location’s zone',
    },
    issuedAt: { ...Instant, description: 'When this revision was written' },
    authorAccountId: Uuid,
    revisionReason: Nullable(Reason),
    releasedAt: Nullable(Instant),
    releasedBy: Nullable(Uuid),
    critical: Type.Boolean({ description: 'An observation is `LL` or `HH`' }),
    criticalAcknowledgedAt: Nullable(Instant),
    criticalAcknowledgedBy: Nullable(Uuid),
    observations: Type.Array(Observation, { maxItems: 100 }),
    documents: Type.Array(ReportDocument, { maxItems: 100 }),
  },
  { title: 'DiagnosticReport' },
);

export const DiagnosticReportHistory = Type.Object(
  {
    items: Type.Array(DiagnosticReport, {
      maxItems: 1000,
      description: 'Every revision, oldest first',
    }),
  },
  { title: 'DiagnosticReportHistory' },
);

export const ListReportsQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const DiagnosticReportPage = Page(DiagnosticReport);

/** A report on the critical-results list: the report and whose it is, by name. */
export const CriticalDiagnosticReport = Type.Object(
  { ...DiagnosticReport.properties, patient: PatientName },
  { title: 'CriticalDiagnosticReport' },
);
export const CriticalDiagnosticReportPage = Page(CriticalDiagnosticReport);

export type DiagnosticReportView = Static<typeof DiagnosticReport>;
export type DiagnosticReportPageView = Static<typeof DiagnosticReportPage>;
export type CriticalDiagnosticReportView = Static<typeof CriticalDiagnosticReport>;
export type CriticalDiagnosticReportPageView = Static<typeof CriticalDiagnosticReportPage>;
export type ObservationView = Static<typeof Observation>;
export type ReferenceRangeView = Static<typeof ReferenceRange>;
export type ReportDocumentView = Static<typeof ReportDocument>;
export type CreateReportInput = Static<typeof CreateReportBody>;
export type ReviseReportInput = Static<typeof ReviseReportBody>;
export type ObservationInput = Static<typeof ObservationBody>;
export type ReferenceRangeInput = Static<typeof ReferenceRangeBody>;
export type ListReportsInput = Static<typeof ListReportsQuery>;
