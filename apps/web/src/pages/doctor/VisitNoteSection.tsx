// A visit's note: read it, write the first one, correct it with a reason, and read its history.
// The forms' refused fields show the server's message; each save is announced and focused.
import type { BookingView, VisitNoteView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Loading } from '../../ui/Status.js';
import { Confirmation, ProblemAlert } from './feedback.js';
import { formErrorsOf } from './form-errors.js';
import { NoteView } from './NoteView.js';
import { doctorKeys, orNull } from './queries.js';

const ICD10 = /^[A-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$/;
const MAX_DIAGNOSES = 20;

interface DiagnosisRow {
  key: number;
  text: string;
  code: string;
}

export function VisitNoteSection(props: {
  booking: BookingView;
  canWrite: boolean;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { booking } = props;
  const [editing, setEditing] = useState(false);
  const [confirmed, setConfirmed] = useState<{ id: number; text: () => string } | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const query = useQuery({
    queryKey: doctorKeys.visitNote(booking.id),
    queryFn: () =>
      orNull(
        unwrap(
          api.GET('/api/v1/bookings/{id}/visit-note', { params: { path: { id: booking.id } } }),
        ),
      ),
  });
  const note = query.data ?? null;
  const saved = (next: VisitNoteView) => {
    queryClient.setQueryData(doctorKeys.visitNote(booking.id), next);
    void queryClient.invalidateQueries({ queryKey: doctorKeys.visitNoteHistory(next.id) });
    void queryClient.invalidateQueries({ queryKey: doctorKeys.record(booking.patientId) });
    setEditing(false);
    setConfirmed({
      id: Date.now(),
      text: () =>
        next.revision === 1
          ? t('doctor.note.created')
          : t('doctor.note.revisedConfirmation', { revision: next.revision }),
    });
  };
  return (
    <section aria-labelledby="note-heading">
      <h2 id="note-heading">{t('doctor.visit.note')}</h2>
      {confirmed ? <Confirmation key={confirmed.id}>{confirmed.text()}</Confirmation> : null}
      {query.isPending ? (
        <Loading label={t('doctor.note.loading')} />
      ) : query.error ? (
        <ProblemAlert error={query.error} retry={() => void query.refetch()} />
      ) : editing ? (
        <div className="card">
          <NoteForm
            booking={booking}
            current={note}
            onSaved={saved}
            onConflict={() => void query.refetch()}
            onCancel={() => {
              setEditing(false);
              requestAnimationFrame(() => openButton.current?.focus());
            }}
          />
        </div>
      ) : (
        <>
          {note ? (
            <div className="card">
              <NoteView note={note} headingLevel={3} />
              <p className="small muted">
                {t('doctor.note.written', {
                  when: formatDateTime(note.recordedAt, props.timeZone, locale),
                })}
              </p>
            </div>
          ) : (
            <p className="status empty">{t('doctor.note.none')}</p>
          )}
          {props.canWrite ? (
            <p>
              <button
                ref={openButton}
                type="button"
                className="button"
                onClick={() => setEditing(true)}
              >
                {note ? t('doctor.note.revise') : t('doctor.note.write')}
              </button>
            </p>
          ) : null}
          {note ? <NoteHistory note={note} timeZone={props.timeZone} /> : null}
        </>
      )}
    </section>
  );
}

function NoteForm(props: {
  booking: BookingView;
  current: VisitNoteView | null;
  onSaved: (note: VisitNoteView) => void;
  onConflict: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { current } = props;
  const nextKey = useRef(0);
  const row = (text = '', code = ''): DiagnosisRow => ({ key: nextKey.current++, text, code });
  const [text, setText] = useState(current?.note ?? '');
  const [reason, setReason] = useState('');
  const [diagnoses, setDiagnoses] = useState<DiagnosisRow[]>(() =>
    current ? current.diagnoses.map((d) => row(d.text, d.code ?? '')) : [row()],
  );
  const filled = diagnoses.filter((d) => d.text.trim() || d.code.trim());
  const body = () => ({
    note: text,
    diagnoses: filled.map((d) => ({
      text: d.text.trim(),
      ...(d.code.trim() ? { code: d.code.trim() } : {}),
    })),
  });
  const save = useMutation({
    mutationFn: () =>
      current
        ? unwrap(
            api.POST('/api/v1/visit-notes/{id}/revisions', {
              params: { path: { id: current.id } },
              body: { ...body(), revision: current.revision, reason: reason.trim() },
            }),
          )
        : unwrap(
            api.POST('/api/v1/bookings/{id}/visit-note', {
              params: { path: { id: props.booking.id } },
              body: body(),
            }),
          ),
    onSuccess: props.onSaved,
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 409) props.onConflict();
    },
  });
  // The server names a diagnosis by its place among those sent: map it back to its row.
  const names = [
    'note',
    'reason',
    'diagnoses',
    ...filled.flatMap((_, i) => [`diagnoses/${i}/text`, `diagnoses/${i}/code`]),
  ];
  const errors = formErrorsOf(save.error, names);
  const rowErrors: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors.fields)) {
    const match = /^diagnoses\/(\d+)\/(text|code)$/.exec(name);
    const target = match ? filled[Number(match[1])] : undefined;
    if (match && target) rowErrors[`diagnosis-${target.key}-${match[2]}`] = message;
    else rowErrors[name] = message;
  }
  const update = (key: number, change: Partial<DiagnosisRow>) =>
    setDiagnoses((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Form
      className="form"
      onSubmit={submit}
      validationErrors={rowErrors}
      aria-label={current ? t('doctor.note.reviseLabel') : t('doctor.note.writeLabel')}
    >
      <h3>{current ? t('doctor.note.reviseLabel') : t('doctor.note.writeLabel')}</h3>
      {save.error && errors.unmatched ? <ProblemAlert error={save.error} /> : null}
      <Field
        name="note"
        label={t('doctor.note.text')}
        value={text}
        onChange={setText}
        isRequired
        multiline
        autoFocus
        maxLength={10_000}
      />
      <fieldset>
        <legend>{t('doctor.note.diagnoses')}</legend>
        <ol className="diagnoses">
          {diagnoses.map((d, i) => (
            <li key={d.key} className="form-row">
              <Field
                name={`diagnosis-${d.key}-text`}
                label={t('doctor.note.diagnosisText', { n: i + 1 })}
                value={d.text}
                onChange={(value) => update(d.key, { text: value })}
                isRequired={Boolean(d.code.trim())}
                maxLength={500}
              />
              <Field
                name={`diagnosis-${d.key}-code`}
                label={t('doctor.note.diagnosisCode', { n: i + 1 })}
                description={t('doctor.note.codeHint')}
                value={d.code}
                onChange={(value) => update(d.key, { code: value.toUpperCase() })}
                maxLength={8}
                validate={(value) =>
                  value === '' || ICD10.test(value) ? null : t('doctor.note.codeInvalid')
                }
              />
              <button
                type="button"
                className="button secondary"
                onClick={() => setDiagnoses((rows) => rows.filter((r) => r.key !== d.key))}
              >
                {t('doctor.note.removeDiagnosis', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ol>
        {diagnoses.length < MAX_DIAGNOSES ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => setDiagnoses((rows) => [...rows, row()])}
          >
            {t('doctor.note.addDiagnosis')}
          </button>
        ) : null}
      </fieldset>
      {current ? (
        <Field
          name="reason"
          label={t('doctor.note.reason')}
          value={reason}
          onChange={setReason}
          isRequired
          multiline
          maxLength={500}
        />
      ) : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending
            ? t('doctor.saving')
            : current
              ? t('doctor.note.saveRevision')
              : t('doctor.note.save')}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </Form>
  );
}

function NoteHistory(props: { note: VisitNoteView; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const regionId = useId();
  const query = useQuery({
    queryKey: doctorKeys.visitNoteHistory(props.note.id),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/visit-notes/{id}/history', { params: { path: { id: props.note.id } } }),
      ),
    enabled: open,
  });
  return (
    <div className="history">
      <button
        type="button"
        className="button secondary"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('doctor.note.hideHistory') : t('doctor.note.showHistory')}
      </button>
      <div id={regionId}>
        {!open ? null : query.isPending ? (
          <Loading label={t('doctor.note.historyLoading')} />
        ) : query.error ? (
          <ProblemAlert error={query.error} retry={() => void query.refetch()} />
        ) : (
          <ol className="revisions">
            {query.data.items.map((revision) => (
              <li key={revision.revision}>
                <p>
                  <strong>
                    {t('doctor.note.revisionLine', {
                      revision: revision.revision,
                      when: formatDateTime(revision.recordedAt, props.timeZone, locale),
                    })}
                  </strong>
                </p>
                {revision.revisionReason ? (
                  <p className="small">
                    {t('doctor.prescription.reasonLine', { reason: revision.revisionReason })}
                  </p>
                ) : null}
                <p className="pre-wrap small">{revision.note}</p>
                {revision.diagnoses.length > 0 ? (
                  <p className="small">
                    {revision.diagnoses
                      .map((d) => (d.code ? `${d.text} (${d.code})` : d.text))
                      .join('; ')}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
