// A visit note as it reads: the text, the diagnoses (with their ICD-10 codes) and, for a
// corrected note, which revision it is and why it was corrected.
import type { VisitNoteView } from '@medsync/contracts';
import { useTranslation } from 'react-i18next';

/** A visit note's text and diagnoses (its current revision). */
export function NoteView(props: { note: VisitNoteView; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const { note } = props;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="note">
      <Heading>{t('doctor.note.heading')}</Heading>
      <p className="pre-wrap">{note.note}</p>
      <Heading>{t('doctor.note.diagnoses')}</Heading>
      {note.diagnoses.length === 0 ? (
        <p className="muted">{t('doctor.note.noDiagnoses')}</p>
      ) : (
        <ul>
          {note.diagnoses.map((d) => (
            <li key={`${d.code ?? ''}-${d.text}`}>
              {d.text}
              {d.code ? (
                <>
                  {' '}
                  <span className="code">{t('doctor.note.icd', { code: d.code })}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {note.revision > 1 ? (
        <p className="small muted">
          {t('doctor.note.revised', {
            revision: note.revision,
            reason: note.revisionReason ?? '',
          })}
        </p>
      ) : null}
    </div>
  );
}
