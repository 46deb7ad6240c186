// One booking in a day's column: its time in the clinic's zone, the patient, a status badge in
// words, and the actions its status allows (each named with the patient and time).
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatTime } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import {
  actionsFor,
  type Booking,
  canReschedule,
  DESTRUCTIVE,
  type DeskAction,
  statusTone,
} from './day.js';

export function BookingRow(props: {
  booking: Booking;
  zone: string;
  busy: boolean;
  onAction: (action: DeskAction) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { booking } = props;
  const start = formatTime(booking.startAt, props.zone, locale);
  const end = formatTime(booking.endAt, props.zone, locale);
  const who = booking.patient.fullName;
  return (
    <tr data-booking-id={booking.id}>
      <td className="desk-time">
        <time dateTime={booking.startAt}>{start}</time>–<time dateTime={booking.endAt}>{end}</time>
      </td>
      <td>
        <span className="desk-patient">{who}</span>{' '}
        <span className={`badge ${statusTone(booking.status)}`}>
          {t(`desk.status.${booking.status}`)}
        </span>
      </td>
      <td>
        <div className="desk-actions">
          {actionsFor(booking, new Date()).map((action) => (
            <button
              key={action}
              type="button"
              className={`button ${DESTRUCTIVE.has(action) ? 'secondary' : ''}`}
              disabled={props.busy}
              aria-label={t(`desk.day.actionFor.${action}`, { patient: who, time: start })}
              onClick={() => props.onAction(action)}
            >
              {t(`desk.day.action.${action}`)}
            </button>
          ))}
          {canReschedule(booking.status) ? (
            <Link
              href={`/reschedule/${booking.id}`}
              className="button secondary"
              aria-label={t('desk.day.rescheduleFor', { patient: who, time: start })}
            >
              {t('desk.day.reschedule')}
            </Link>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
