// The prescriptions written in a visit: each with its status, a correction form, a status change
// (stopping it, say) with a reason, and its history; and the form for a new one. Each write's
// outcome is announced and takes the focus.
import type { BookingView, PrescriptionStatus, PrescriptionView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';
import { formatPlainDate } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Loading } from '../../ui/Status.js';
import { Confirmation, ProblemAlert } from './feedback.js';
import { formErrorsOf } from './form-errors.js';
import { useIdempotencyKey } from './idempotency.js';
import { PrescriptionForm } from './PrescriptionForm.js';
import { PrescriptionHistory, summary } from './PrescriptionHistory.js';
import { isOpen, NEXT_STATUSES } from './prescription-draft.js';
import { doctorKeys } from './queries.js';
import { prescriptionTone } from './tones.js';

export function VisitPrescriptions(props: {
  booking: BookingView;
  canWrite: boolean;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { booking } = props;
  const [adding, setAdding] = useState(false);
  const [confirmed, setConfirmed] = useState<{ id: number; text: () => string } | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const keyFor = useIdempotencyKey();
  const query = useQuery({
    queryKey: doctorKeys.visitPrescriptions(booking.id),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/bookings/{id}/prescriptions', { params: { path: { id: booking.id } } }),
      ),
  });
  const confirm = (text: () => string) => setConfirmed({ id: Date.now(), text });
  const changed = (saved: PrescriptionView) => {
    void queryClient.invalidateQueries({ queryKey: doctorKeys.visitPrescriptions(booking.id) });
    void queryClient.invalidateQueries({ queryKey: doctorKeys.prescriptionHistory(saved.id) });
    void queryClient.invalidateQueries({ queryKey: doctorKeys.record(booking.patientId) });
  };
  return (
    <section aria-labelledby="prescriptions-heading">
      <h2 id="prescriptions-heading">{t('doctor.visit.prescriptions')}</h2>
      {confirmed ? <Confirmation key={confirmed.id}>{confirmed.text()}</Confirmation> : null}
      {query.isPending ? (
        <Loading label={t('doctor.visit.prescriptionsLoading')} />
      ) : query.error ? (
        <ProblemAlert error={query.error} retry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <p className="status empty">{t('doctor.visit.noPrescriptions')}</p>
      ) : (
        <ul className="list">
          {query.data.items.map((p) => (
            <PrescriptionItem
              key={p.id}
              prescription={p}
              canWrite={props.canWrite}
              timeZone={props.timeZone}
              onChanged={(saved, text) => {
                changed(saved);
                confirm(text);
              }}
            />
          ))}
        </ul>
      )}
      {props.canWrite ? (
        adding ? (
          <div className="card">
            <h3>{t('doctor.prescriptionForm.createLabel')}</h3>
            <PrescriptionForm
              save={(content) =>
                unwrap(
                  api.POST('/api/v1/bookings/{id}/prescriptions', {
                    params: {
                      path: { id: booking.id },
                      header: { 'idempotency-key': keyFor({ booking: booking.id, content }) },
                    },
                    body: content,
                  }),
                )
              }
              onSaved={(saved) => {
                setAdding(false);
                changed(saved);
                confirm(() => t('doctor.prescription.created', { name: saved.medication.name }));
              }}
              onCancel={() => {
                setAdding(false);
                requestAnimationFrame(() => addButton.current?.focus());
              }}
            />
          </div>
        ) : (
          <p>
            <button
              ref={addButton}
              type="button"
              className="button"
              onClick={() => setAdding(true)}
            >
              {t('doctor.prescription.add')}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

type Mode = 'view' | 'revise' | 'status';

function PrescriptionItem(props: {
  prescription: PrescriptionView;
  canWrite: boolean;
  timeZone: string;
  onChanged: (saved: PrescriptionView, confirmation: () => string) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { prescription: p } = props;
  const [mode, setMode] = useState<Mode>('view');
  const reviseButton = useRef<HTMLButtonElement>(null);
  const statusButton = useRef<HTMLButtonElement>(null);
  const close = (back: RefObject<HTMLButtonElement | null>) => {
    setMode('view');
    requestAnimationFrame(() => back.current?.focus());
  };
  const name = `${p.medication.name} ${p.medication.strength}`;
  const conflicted = (error: unknown) => {
    if (error instanceof ApiProblem && error.status === 409) {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.visitPrescriptions(p.bookingId) });
    }
  };
  return (
    <li>
      <article className="card" aria-labelledby={`prescription-${p.id}`}>
        <h3 id={`prescription-${p.id}`}>{name}</h3>
        <p>
          <span className={`badge ${prescriptionTone(p.status)}`}>
            {t(`doctor.prescriptionStatus.${p.status}`)}
          </span>{' '}
          {t('doctor.prescription.revisionNumber', { revision: p.revision })}
        </p>
        <p>{summary(t, p)}</p>
        <dl className="facts small">
          <dt>{t('doctor.prescriptionForm.quantity')}</dt>
          <dd>
            {t('doctor.prescription.quantityLine', {
              value: p.quantity.value,
              unit: p.quantity.unit,
              repeats: p.repeats,
            })}
          </dd>
          <dt>{t('doctor.prescription.validity')}</dt>
          <dd>
            {t('doctor.prescription.valid', {
              from: formatPlainDate(p.validFrom, locale),
              until: formatPlainDate(p.validUntil, locale),
            })}
          </dd>
          <dt>{t('doctor.prescriptionForm.instructions')}</dt>
          <dd className="pre-wrap">{p.instructions}</dd>
          {p.notes ? (
            <>
              <dt>{t('doctor.prescriptionForm.notes')}</dt>
              <dd className="pre-wrap">{p.notes}</dd>
            </>
          ) : null}
          {p.reason ? (
            <>
              <dt>{t('doctor.prescription.lastReason')}</dt>
              <dd>{p.reason}</dd>
            </>
          ) : null}
        </dl>
        {props.canWrite && mode === 'view' ? (
          <div className="button-row">
            {isOpen(p.status) ? (
              <button
                ref={reviseButton}
                type="button"
                className="button secondary"
                onClick={() => setMode('revise')}
              >
                {t('doctor.prescription.revise')}
                <span className="visually-hidden"> {name}</span>
              </button>
            ) : null}
            {NEXT_STATUSES[p.status].length > 0 ? (
              <button
                ref={statusButton}
                type="button"
                className="button secondary"
                onClick={() => setMode('status')}
              >
                {t('doctor.prescription.changeStatus')}
                <span className="visually-hidden"> {name}</span>
              </button>
            ) : null}
          </div>
        ) : null}
        {mode === 'revise' ? (
          <div className="subform">
            <h4>{t('doctor.prescriptionForm.reviseLabel', { name })}</h4>
            <PrescriptionForm
              current={p}
              save={(content, reason) =>
                unwrap(
                  api.POST('/api/v1/prescriptions/{id}/revisions', {
                    params: { path: { id: p.id } },
                    body: {
                      ...content,
                      revision: p.revision,
                      reason,
                      validFrom: content.validFrom ?? p.validFrom,
                      validUntil: content.validUntil ?? p.validUntil,
                    },
                  }),
                ).catch((error: unknown) => {
                  conflicted(error);
                  throw error;
                })
              }
              onSaved={(saved) => {
                setMode('view');
                props.onChanged(saved, () =>
                  t('doctor.prescription.revised', {
                    name: saved.medication.name,
                    revision: saved.revision,
                  }),
                );
              }}
              onCancel={() => close(reviseButton)}
            />
          </div>
        ) : null}
        {mode === 'status' ? (
          <StatusForm
            prescription={p}
            onSaved={(saved) => {
              setMode('view');
              props.onChanged(saved, () =>
                t('doctor.prescription.statusChanged', {
                  name: saved.medication.name,
                  status: t(`doctor.prescriptionStatus.${saved.status}`),
                }),
              );
            }}
            onError={conflicted}
            onCancel={() => close(statusButton)}
          />
        ) : null}
        <PrescriptionHistory prescription={p} timeZone={props.timeZone} />
      </article>
    </li>
  );
}

function StatusForm(props: {
  prescription: PrescriptionView;
  onSaved: (saved: PrescriptionView) => void;
  onError: (error: unknown) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { prescription: p } = props;
  const choices = NEXT_STATUSES[p.status];
  const [status, setStatus] = useState<PrescriptionStatus>(choices[0] ?? 'entered-in-error');
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/prescriptions/{id}/status', {
          params: { path: { id: p.id } },
          body: { revision: p.revision, status, reason: reason.trim() },
        }),
      ),
    onSuccess: props.onSaved,
    onError: props.onError,
  });
  const errors = formErrorsOf(change.error, ['status', 'reason']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  const selectId = `status-${p.id}`;
  const select = useRef<HTMLSelectElement>(null);
  // The form opens on request: its first field takes the focus.
  useEffect(() => select.current?.focus(), []);
  return (
    <Form
      className="form subform"
      onSubmit={submit}
      validationErrors={errors.fields}
      aria-label={t('doctor.prescription.changeStatusOf', { name: p.medication.name })}
    >
      {change.error && errors.unmatched ? <ProblemAlert error={change.error} /> : null}
      <div className="field">
        <label htmlFor={selectId}>{t('doctor.prescription.newStatus')}</label>
        <select
          id={selectId}
          name="status"
          value={status}
          ref={select}
          onChange={(event) => setStatus(event.target.value as PrescriptionStatus)}
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`doctor.prescriptionStatus.${choice}`)}
            </option>
          ))}
        </select>
        <span className="muted small">{t(`doctor.prescription.statusHint.${status}`)}</span>
      </div>
      <Field
        name="reason"
        label={t('doctor.prescriptionForm.reason')}
        value={reason}
        onChange={setReason}
        isRequired
        multiline
        maxLength={500}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? t('doctor.saving') : t('doctor.prescription.applyStatus')}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </Form>
  );
}
