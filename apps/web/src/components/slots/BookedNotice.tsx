// After booking or moving a booking: what was booked, when (clinic's zone and the viewer's own),
// with the focus on it, and where to see it among one's bookings.
import type { BookingView } from '@medsync/contracts';
import { type RefObject, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { browserTimeZone, formatMoney } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { describeSlot, slotName } from './slots.js';

/** A ref whose element takes the focus whenever `key` changes (after the first render). */
export function useFocusOnChange<T extends HTMLElement>(key: string): RefObject<T | null> {
  const ref = useRef<T>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the trigger
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [key]);
  return ref;
}

export function BookedNotice(props: {
  booking: BookingView;
  timeZone: string;
  title: string;
  heading: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Booked by staff for a walk-in: back to the front desk rather than "My bookings". */
  staff: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { booking } = props;
  const text = describeSlot(booking.startAt, props.timeZone, browserTimeZone(), locale);
  return (
    <section className="notice booked" aria-labelledby="booked-title">
      <h3 id="booked-title" ref={props.headingRef} tabIndex={-1}>
        {props.heading}
      </h3>
      <p>{props.title}</p>
      <p>
        <strong data-testid="booked-time" data-start={booking.startAt}>
          {slotName(t, text, props.timeZone)}
        </strong>
      </p>
      <p className="small">
        {t('slots.bookedPrice', { price: formatMoney(booking.price, booking.currency, locale) })}
      </p>
      <p>
        {props.staff ? (
          <Link href="/desk">{t('slots.backToDesk')}</Link>
        ) : (
          <Link href="/my-bookings">{t('slots.myBookings')}</Link>
        )}
      </p>
    </section>
  );
}
