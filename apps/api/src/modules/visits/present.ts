import type { VisitNoteView } from '@medsync/contracts';
import type { VisitNoteRow } from '../../db/schema/index.js';
import { formatInstant, toInstant } from '../../shared/wall-clock.js';

/** A revision row with its location's zone, for the offsets of its instants. */
export interface VisitNoteRecord extends VisitNoteRow {
  timeZone: string;
}

/** The API shape of one revision: the note's id is its lineage's. */
export function presentVisitNote(row: VisitNoteRecord): VisitNoteView {
  return {
    id: row.lineageId,
    revision: row.revision,
    bookingId: row.bookingId,
    patientId: row.patientId,
    doctorId: row.doctorId,
    locationId: row.locationId,
    note: row.note,
    diagnoses: row.diagnoses.map((d) => ({ text: d.text, code: d.code })),
    revisionReason: row.revisionReason,
    authorAccountId: row.authorAccountId,
    recordedAt: formatInstant(toInstant(row.createdAt), row.timeZone),
    supersededAt: row.supersededAt
      ? formatInstant(toInstant(row.supersededAt), row.timeZone)
      : null,
  };
}

/** The audit event of an action on a visit note: ids only, never its text. */
export const visitNoteEvent = (
  action: string,
  note: { id: string | null; patientId: string | null },
) => ({ action, resourceType: 'visit-note', resourceId: note.id, patientId: note.patientId });
