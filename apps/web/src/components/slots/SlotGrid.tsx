// The free slots of one doctor or one diagnostic at a clinic, a week at a time, grouped by day in
// the CLINIC's zone and labelled with it; the viewer's own time alongside when it differs. Days
// and slots are buttons whose names carry the full date, loading is announced.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { browserTimeZone, dayKey, zoneName } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { ErrorMessage } from '../../ui/Status.js';
import {
  addDays,
  dayName,
  describeSlot,
  type FreeSlot,
  formatPlainLongDate,
  formatPlainShortDate,
  groupByClinicDay,
  pageOf,
  slotName,
  weekDates,
  zoneCity,
} from './slots.js';

export type Subject = { doctorId: string } | { diagnosticLocationId: string };

/** How far ahead the grid lets one page: the API's horizon (at most 730 days) decides what is free. */
const MAX_WEEKS = 105;

export function availabilityKey(subject: Subject): readonly unknown[] {
  return 'doctorId' in subject
    ? ['public', 'availability', 'doctor', subject.doctorId]
    : ['public', 'availability', 'diagnostic-location', subject.diagnosticLocationId];
}

function useWeekSlots(subject: Subject, first: string) {
  const api = useApi();
  const from = first;
  const to = addDays(first, 6);
  return useQuery({
    queryKey: [...availabilityKey(subject), from],
    queryFn: () =>
      'doctorId' in subject
        ? unwrap(
            api.GET('/api/v1/doctors/{id}/availability', {
              params: { path: { id: subject.doctorId }, query: { from, to } },
            }),
          )
        : unwrap(
            api.GET('/api/v1/diagnostic-locations/{id}/availability', {
              params: { path: { id: subject.diagnosticLocationId }, query: { from, to } },
            }),
          ),
    staleTime: 15_000,
  });
}

export function SlotGrid(props: {
  subject: Subject;
  timeZone: string;
  /** A slot start to open the grid on (its week and day) and to move the focus to. */
  initialAt?: string | null;
  /** The slot now held or chosen: shown as pressed. */
  selectedStart?: string | null;
  /** Every slot button is disabled (a hold or booking is being sent). */
  disabled?: boolean;
  /** The start of a slot not to offer (the booking's own, when rescheduling). */
  excludeStart?: string | null;
  onSelect: (slot: FreeSlot) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = props;
  const viewerZone = browserTimeZone();
  // Seven days at a time from today in the clinic's zone.
  const today = useMemo(() => dayKey(new Date(), timeZone), [timeZone]);
  const initialDay = props.initialAt ? dayKey(props.initialAt, timeZone) : null;
  const [offset, setOffset] = useState(() =>
    initialDay ? Math.min(pageOf(today, initialDay), MAX_WEEKS) : 0,
  );
  const first = addDays(today, offset * 7);
  const query = useWeekSlots(props.subject, first);
  const dates = useMemo(() => weekDates(first), [first]);
  const days = useMemo(
    () =>
      groupByClinicDay(
        (query.data?.slots ?? []).filter(
          (s) => !props.excludeStart || Date.parse(s.startAt) !== Date.parse(props.excludeStart),
        ),
        timeZone,
        dates,
      ),
    [query.data, timeZone, dates, props.excludeStart],
  );
  const [chosenDay, setChosenDay] = useState<string | null>(initialDay);
  const firstWithSlots = days.find((d) => d.slots.length > 0)?.date ?? null;
  const activeDay =
    chosenDay && days.some((d) => d.date === chosenDay && d.slots.length > 0)
      ? chosenDay
      : firstWithSlots;
  const active = days.find((d) => d.date === activeDay) ?? null;
  const total = days.reduce((n, d) => n + d.slots.length, 0);

  // Paging to the first or last week disables the button pressed: keep the focus on the week.
  const weekHeading = useRef<HTMLHeadingElement>(null);
  const movedWeek = (delta: number) => {
    const next = Math.min(Math.max(offset + delta, 0), MAX_WEEKS);
    setOffset(next);
    setChosenDay(null);
    if (next === 0 || next === MAX_WEEKS) weekHeading.current?.focus();
  };

  // Opened on a given slot (from "earliest available"): focus it once it is shown.
  const focusPending = useRef(Boolean(props.initialAt));
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!focusPending.current || !props.initialAt || !query.data) return;
    const at = Date.parse(props.initialAt);
    // After the page's own focus on its heading (a parent's effect runs after this one).
    const timer = setTimeout(() => {
      focusPending.current = false;
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button[data-start]') ?? [];
      for (const button of buttons) {
        if (Date.parse(button.dataset.start ?? '') === at) button.focus();
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [query.data, props.initialAt]);

  const shownZone = zoneName(timeZone, locale, `${first}T12:00:00Z`);
  // Zones are compared by what people read ("Asia/Calcutta" and "Asia/Kolkata" are one zone).
  const viewerDiffers = zoneName(viewerZone, locale) !== zoneName(timeZone, locale);
  return (
    <div className="slot-grid">
      <p className="slot-zone">
        {t('slots.clinicZone', { zone: shownZone, city: zoneCity(timeZone) })}
        {viewerDiffers ? (
          <> {t('slots.viewerZone', { zone: zoneName(viewerZone, locale) })}</>
        ) : null}
      </p>
      <div className="slot-week">
        <button
          type="button"
          className="button secondary"
          onClick={() => movedWeek(-1)}
          disabled={offset === 0}
        >
          <span aria-hidden="true">←</span> {t('slots.previousWeek')}
        </button>
        <h3 ref={weekHeading} tabIndex={-1} className="slot-week-title">
          {t('slots.week', {
            from: formatPlainShortDate(first, locale),
            to: formatPlainShortDate(addDays(first, 6), locale),
          })}
        </h3>
        <button
          type="button"
          className="button secondary"
          onClick={() => movedWeek(1)}
          disabled={offset === MAX_WEEKS}
        >
          {t('slots.nextWeek')} <span aria-hidden="true">→</span>
        </button>
      </div>
      <p role="status" aria-live="polite" className="slot-status">
        {query.isFetching ? (
          <>
            <span className="spinner" aria-hidden="true" /> {t('slots.loading')}
          </>
        ) : query.data ? (
          t('slots.weekCount', {
            count: total,
            from: formatPlainLongDate(first, locale),
            to: formatPlainLongDate(addDays(first, 6), locale),
          })
        ) : null}
      </p>
      {query.error ? <ErrorMessage error={query.error} retry={() => void query.refetch()} /> : null}
      {query.data ? (
        <>
          <ul className="slot-days" aria-label={t('slots.days')}>
            {days.map((day) => (
              <li key={day.date}>
                <button
                  type="button"
                  className="slot-day"
                  aria-pressed={day.date === activeDay}
                  disabled={day.slots.length === 0}
                  onClick={() => setChosenDay(day.date)}
                >
                  <span aria-hidden="true">{formatPlainShortDate(day.date, locale)}</span>
                  <span aria-hidden="true" className="small">
                    {day.slots.length === 0
                      ? t('slots.noneShort')
                      : t('slots.freeShort', { count: day.slots.length })}
                  </span>
                  <span className="visually-hidden">
                    {dayName(t, day.date, day.slots.length, locale)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {active ? (
            <>
              <h4 className="slot-day-title">{formatPlainLongDate(active.date, locale)}</h4>
              <ul className="slot-list" ref={list} aria-label={t('slots.times')}>
                {active.slots.map((slot) => {
                  const text = describeSlot(slot.startAt, timeZone, viewerZone, locale);
                  return (
                    <li key={slot.startAt}>
                      <button
                        type="button"
                        className="slot"
                        data-start={slot.startAt}
                        aria-pressed={
                          props.selectedStart !== null &&
                          props.selectedStart !== undefined &&
                          Date.parse(props.selectedStart) === Date.parse(slot.startAt)
                        }
                        disabled={props.disabled}
                        onClick={() => props.onSelect(slot)}
                      >
                        <span className="visually-hidden">{slotName(t, text, timeZone)}</span>
                        <span aria-hidden="true" className="slot-time">
                          {text.time}
                        </span>
                        {text.localTime ? (
                          <span aria-hidden="true" className="slot-local small">
                            {t('slots.yourTime', {
                              time: text.localDate
                                ? `${text.localDate}, ${text.localTime}`
                                : text.localTime,
                            })}
                          </span>
                        ) : null}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p className="status empty">{t('slots.noneThisWeek')}</p>
          )}
        </>
      ) : null}
    </div>
  );
}
