// Moving a booking to another free slot of the same doctor or diagnostic: choose it, check it,
// move it (POST /bookings/{id}/reschedule with the version read). The API moves it atomically:
// the old slot is kept if the new one was taken meanwhile.
import type { BookingView } from '@medsync/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { browserTimeZone } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { BookedNotice, useFocusOnChange } from './BookedNotice.js';
import { bookingProblemText, codeOf, isRetryable, refreshesGrid } from './booking-problems.js';
import { availabilityKey, SlotGrid, type Subject } from './SlotGrid.js';
import { describeSlot, type FreeSlot, slotName } from './slots.js';
import './slots.css';

type Step =
  | { kind: 'choose' }
  | { kind: 'check'; slot: FreeSlot }
  | { kind: 'moved'; booking: BookingView };

export function RescheduleFlow(props: {
  booking: BookingView;
  timeZone: string;
  title: string;
  /** Read the booking again (after a version conflict). */
  reload: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const { me } = useMe();
  const queryClient = useQueryClient();
  const { booking, timeZone } = props;
  const subject: Subject = booking.doctorId
    ? { doctorId: booking.doctorId }
    : { diagnosticLocationId: booking.diagnosticLocationId ?? '' };
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const stepFocus = useFocusOnChange<HTMLHeadingElement>(step.kind);
  const errorFocus = useRef<HTMLDivElement>(null);
  // After the step's own focus (declared above): a refusal takes the focus, where it is said.
  useEffect(() => {
    if (failure) errorFocus.current?.focus();
  }, [failure]);
  const viewerZone = browserTimeZone();
  const describe = (startAt: string) =>
    slotName(t, describeSlot(startAt, timeZone, viewerZone, locale), timeZone);

  const move = async (slot: FreeSlot) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setFailure(null);
    try {
      const moved = await unwrap(
        api.POST('/api/v1/bookings/{id}/reschedule', {
          params: { path: { id: booking.id } },
          body: { version: booking.version, startAt: slot.startAt },
        }),
      );
      setStep({ kind: 'moved', booking: moved });
      void queryClient.invalidateQueries({ queryKey: availabilityKey(subject) });
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
    } catch (error) {
      // A move whose answer was lost: the booking, read again, already starts at the new time.
      if (codeOf(error) === 'version-conflict') {
        const fresh = await unwrap(
          api.GET('/api/v1/bookings/{id}', { params: { path: { id: booking.id } } }),
        ).catch(() => null);
        if (fresh && Date.parse(fresh.startAt) === Date.parse(slot.startAt)) {
          setStep({ kind: 'moved', booking: fresh });
          return;
        }
        await props.reload();
      }
      setFailure(error);
      if (refreshesGrid(error))
        void queryClient.invalidateQueries({ queryKey: availabilityKey(subject) });
      if (!isRetryable(error)) setStep({ kind: 'choose' });
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  if (step.kind === 'moved') {
    return (
      <BookedNotice
        booking={step.booking}
        timeZone={timeZone}
        title={props.title}
        heading={t('slots.movedTitle')}
        headingRef={stepFocus}
        staff={me?.role === 'staff'}
      />
    );
  }
  return (
    <div className="booking-flow">
      <p>{t('slots.currentTime', { time: describe(booking.startAt) })}</p>
      {failure ? (
        <div ref={errorFocus} tabIndex={-1} className="status error" role="alert">
          <p>{bookingProblemText(t, failure)}</p>
        </div>
      ) : null}
      {step.kind === 'check' ? (
        <section className="hold card" aria-labelledby="move-title">
          <h3 id="move-title" ref={stepFocus} tabIndex={-1}>
            {t('slots.checkMoveTitle')}
          </h3>
          <p>
            <strong>{describe(step.slot.startAt)}</strong>
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={pending}
              onClick={() => void move(step.slot)}
            >
              {pending ? t('slots.moving') : t('slots.move')}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={pending}
              onClick={() => setStep({ kind: 'choose' })}
            >
              {t('slots.chooseAnother')}
            </button>
          </div>
        </section>
      ) : (
        <h3 ref={stepFocus} tabIndex={-1} className="visually-hidden-focusable">
          {t('slots.chooseTitle')}
        </h3>
      )}
      <SlotGrid
        subject={subject}
        timeZone={timeZone}
        initialAt={booking.startAt}
        excludeStart={booking.startAt}
        selectedStart={step.kind === 'check' ? step.slot.startAt : null}
        disabled={pending}
        onSelect={(slot) => {
          setFailure(null);
          setStep({ kind: 'check', slot });
        }}
      />
    </div>
  );
}
