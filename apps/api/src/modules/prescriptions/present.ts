import type {
  PrescriptionChangeKind,
  PrescriptionStatus,
  PrescriptionView,
} from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { PrescriptionRow } from '../../db/schema/index.js';
import { formatInstant } from '../../shared/wall-clock.js';

/** A revision row with what its response needs: the location's zone, quantities as text, the visit. */
export interface PrescriptionRecord extends PrescriptionRow {
  timeZone: string;
  /** `quantity` without trailing zeros. */
  quantityText: string;
  authorisedTotal: string;
  dispensedTotal: string;
  remaining: string;
  /** The visit's start: its local date is the earliest a prescription may be valid from. */
  visitStartAt: Date;
}

const inZone = (date: Date, timeZone: string) =>
  formatInstant(Temporal.Instant.fromEpochMilliseconds(date.getTime()), timeZone);

/** The visit's local date in the location's zone. */
export const visitDate = (startAt: Date, timeZone: string): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(startAt.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();

/** The API shape of a revision: its lineage id as the prescription's id, instants in the location's zone. */
export function presentPrescription(row: PrescriptionRecord): PrescriptionView {
  return {
    id: row.lineageId,
    revision: row.revision,
    patientId: row.patientId,
    bookingId: row.bookingId,
    doctorId: row.doctorId,
    locationId: row.locationId,
    status: row.status as PrescriptionStatus,
    medication: {
      name: row.medicationName,
      strength: row.medicationStrength,
      form: row.medicationForm,
    },
    dose: row.dose,
    route: row.route,
    frequency: row.frequency,
    durationDays: row.durationDays,
    quantity: { value: row.quantityText, unit: row.quantityUnit },
    repeats: row.repeats,
    instructions: row.instructions,
    notes: row.notes,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    authorisedTotal: row.authorisedTotal,
    dispensedTotal: row.dispensedTotal,
    remaining: row.remaining,
    change: row.change as PrescriptionChangeKind,
    reason: row.reason,
    authorAccountId: row.authorAccountId,
    recordedAt: inZone(row.createdAt, row.timeZone),
    supersededAt: row.supersededAt ? inZone(row.supersededAt, row.timeZone) : null,
  };
}

/** The audit event of an action on a prescription: ids only, never its content. */
export const prescriptionEvent = (
  action: string,
  prescription: { id: string | null; patientId: string | null },
) => ({
  action,
  resourceType: 'prescription',
  resourceId: prescription.id,
  patientId: prescription.patientId,
});
