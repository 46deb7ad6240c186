// Writing a report for one of the patient's visits that took place (checked in or completed):
// title, status, summary and the measured values with the range each is judged against.
import type { BookingView, ObservationInput } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { Field } from '../../ui/Field.js';
import { Empty, QueryView } from '../../ui/Status.js';
import { DeskError, useStaffLocations } from './shared.js';

interface Row {
  key: number;
  name: string;
  value: string;
  unit: string;
  low: string;
  high: string;
}

const STATUSES = ['registered', 'preliminary', 'final'] as const;
const emptyRow = (key: number): Row => ({ key, name: '', value: '', unit: '', low: '', high: '' });
const NUMBER = /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$/;

/** A row as the API takes it: a number is a quantity (with its range), anything else a text. */
export function rowInput(row: Row): ObservationInput {
  const value = row.value.trim();
  if (!NUMBER.test(value)) return { name: row.name.trim(), valueText: value };
  const range = {
    ...(row.low.trim() ? { low: row.low.trim() } : {}),
    ...(row.high.trim() ? { high: row.high.trim() } : {}),
  };
  return {
    name: row.name.trim(),
    valueQuantity: value,
    ...(row.unit.trim() ? { unit: row.unit.trim() } : {}),
    ...(Object.keys(range).length > 0 ? { referenceRanges: [range] } : {}),
  };
}

export function NewReport(props: { patientId: string; announce: (text: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { locations } = useStaffLocations();
  const zoneOf = (locationId: string) =>
    locations.find((l) => l.id === locationId)?.timeZone ?? 'UTC';
  const visits = useQuery({
    queryKey: ['desk', 'reportable', props.patientId],
    queryFn: async (): Promise<BookingView[]> =>
      (
        await unwrap(
          api.GET('/api/v1/patients/{id}/bookings', {
            params: {
              path: { id: props.patientId },
              query: { status: ['checked_in', 'completed'], limit: 100 },
            },
          }),
        )
      ).items.reverse(),
  });
  const [bookingId, setBookingId] = useState('');
  const [title, setTitle] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('preliminary');
  const [summary, setSummary] = useState('');
  const [rows, setRows] = useState<Row[]>([emptyRow(0)]);
  const setRow = (key: number, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const create = useMutation({
    mutationFn: (booking: string) =>
      unwrap(
        api.POST('/api/v1/bookings/{id}/results', {
          params: { path: { id: booking } },
          body: {
            title: title.trim(),
            status,
            ...(summary.trim() ? { summary: summary.trim() } : {}),
            observations: rows.filter((r) => r.name.trim() && r.value.trim()).map(rowInput),
          },
        }),
      ),
    onSuccess: async (report) => {
      setTitle('');
      setSummary('');
      setRows([emptyRow(0)]);
      props.announce(t('desk.results.created', { title: report.title }));
      await queryClient.invalidateQueries({ queryKey: ['desk', 'results', props.patientId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = bookingId || visits.data?.[0]?.id;
    if (chosen) create.mutate(chosen);
  };
  return (
    <section aria-labelledby="desk-new-report" className="desk-new-report">
      <h3 id="desk-new-report">{t('desk.results.newTitle')}</h3>
      <QueryView query={visits}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('desk.results.noVisits')}</Empty>
          ) : (
            <Form className="form" onSubmit={submit}>
              {create.error ? <DeskError error={create.error} /> : null}
              <label className="field">
                <span>{t('desk.results.visit')}</span>
                <select
                  value={bookingId || list[0]?.id}
                  onChange={(e) => setBookingId(e.target.value)}
                >
                  {list.map((b) => (
                    <option key={b.id} value={b.id}>
                      {formatDateTime(b.startAt, zoneOf(b.locationId), locale)} ·{' '}
                      {t(`desk.status.${b.status}`)}
                    </option>
                  ))}
                </select>
              </label>
              <Field
                label={t('desk.results.reportTitle')}
                name="title"
                isRequired
                maxLength={200}
                value={title}
                onChange={setTitle}
              />
              <label className="field">
                <span>{t('desk.results.status')}</span>
                <select
                  value={status}
                  onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`desk.reportStatus.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              <Field
                label={t('desk.results.summary')}
                name="summary"
                multiline
                maxLength={10000}
                value={summary}
                onChange={setSummary}
              />
              <fieldset className="desk-observations">
                <legend>{t('desk.results.observations')}</legend>
                {rows.map((row, index) => (
                  <fieldset key={row.key} className="desk-observation">
                    <legend className="visually-hidden">
                      {t('desk.results.observationN', { n: index + 1 })}
                    </legend>
                    <Field
                      label={t('desk.results.test')}
                      value={row.name}
                      onChange={(v) => setRow(row.key, { name: v })}
                      maxLength={200}
                    />
                    <Field
                      label={t('desk.results.value')}
                      value={row.value}
                      onChange={(v) => setRow(row.key, { value: v })}
                    />
                    <Field
                      label={t('desk.results.unit')}
                      value={row.unit}
                      onChange={(v) => setRow(row.key, { unit: v })}
                      maxLength={32}
                    />
                    <Field
                      label={t('desk.results.low')}
                      value={row.low}
                      onChange={(v) => setRow(row.key, { low: v })}
                    />
                    <Field
                      label={t('desk.results.high')}
                      value={row.high}
                      onChange={(v) => setRow(row.key, { high: v })}
                    />
                  </fieldset>
                ))}
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => setRows((all) => [...all, emptyRow((all.at(-1)?.key ?? 0) + 1)])}
                >
                  {t('desk.results.addObservation')}
                </button>
              </fieldset>
              <button type="submit" className="button" disabled={create.isPending}>
                {t('desk.results.create')}
              </button>
            </Form>
          )
        }
      </QueryView>
    </section>
  );
}
