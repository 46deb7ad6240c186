// The weekly hours of a clinic or a doctor: one group per weekday with its opening intervals
// (local times of the clinic's zone, which the legend names), rows added and removed, and the
// server's error for a row shown on it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/locale.js';
import { flatIndex, WEEKDAYS, type Week, weekdayName } from './weekly-hours.js';

export function WeeklyHoursEditor(props: {
  legend: string;
  zoneLabel: string;
  week: Week;
  onChange: (week: Week) => void;
  /** Messages keyed by field (`workingHours/3`), from the last refused save. */
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const { week } = props;
  const setDay = (dayIndex: number, day: Week[number]) =>
    props.onChange(week.map((d, i) => (i === dayIndex ? day : d)));
  return (
    <fieldset className="weekly-hours">
      <legend>{props.legend}</legend>
      <p className="muted small">{t('admin.hours.zone', { zone: props.zoneLabel })}</p>
      {WEEKDAYS.map((weekday, dayIndex) => {
        const day = week[dayIndex] ?? [];
        const name = weekdayName(weekday, locale);
        return (
          <fieldset key={weekday} className="weekday">
            <legend>{name}</legend>
            {day.length === 0 ? <p className="muted small">{t('admin.hours.closed')}</p> : null}
            {day.map((hours, row) => {
              const error = props.errors[`workingHours/${flatIndex(week, dayIndex, row)}`];
              const rowId = `${id}-${weekday}-${row}`;
              const update = (change: Partial<typeof hours>) =>
                setDay(
                  dayIndex,
                  day.map((h, r) => (r === row ? { ...h, ...change } : h)),
                );
              return (
                <div key={rowId} className="interval">
                  <div className="field">
                    <label htmlFor={`${rowId}-opens`}>{t('admin.hours.opens')}</label>
                    <input
                      id={`${rowId}-opens`}
                      type="time"
                      required
                      value={hours.opensAt}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${rowId}-error` : undefined}
                      onChange={(event) => update({ opensAt: event.target.value })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`${rowId}-closes`}>{t('admin.hours.closes')}</label>
                    <input
                      id={`${rowId}-closes`}
                      type="time"
                      required
                      value={hours.closesAt}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${rowId}-error` : undefined}
                      onChange={(event) => update({ closesAt: event.target.value })}
                    />
                  </div>
                  <button
                    type="button"
                    className="button secondary"
                    aria-label={t('admin.hours.removeNamed', { day: name, number: row + 1 })}
                    onClick={() =>
                      setDay(
                        dayIndex,
                        day.filter((_, r) => r !== row),
                      )
                    }
                  >
                    {t('admin.hours.remove')}
                  </button>
                  {error ? (
                    <span id={`${rowId}-error`} className="field-error interval-error">
                      {error}
                    </span>
                  ) : null}
                </div>
              );
            })}
            <button
              type="button"
              className="button secondary"
              aria-label={t('admin.hours.addNamed', { day: name })}
              onClick={() =>
                setDay(dayIndex, [
                  ...day,
                  day.length === 0
                    ? { opensAt: '09:00', closesAt: '17:00' }
                    : { opensAt: '', closesAt: '' },
                ])
              }
            >
              {t('admin.hours.add')}
            </button>
          </fieldset>
        );
      })}
    </fieldset>
  );
}
