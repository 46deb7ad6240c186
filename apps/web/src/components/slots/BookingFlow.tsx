// Booking a slot: choose it in the grid, which HOLDS it (POST /bookings, hold: true) for a few
// minutes with a countdown, then confirm it (POST /bookings/{id}/confirm). Each intent has one
// Idempotency-Key, reused when the same request is sent again; a request in flight blocks a
// second one, so a double click never books twice. Staff book for the walk-in named by
// `forPatient`. A slot taken meanwhile is said in plain words and the grid is refreshed.
import type { BookingView } from '@medsync/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { browserTimeZone } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { BookedNotice, useFocusOnChange } from './BookedNotice.js';
import { bookingProblemText, codeOf, isRetryable, refreshesGrid } from './booking-problems.js';
import { HoldCountdown } from './HoldCountdown.js';
import { availabilityKey, SlotGrid, type Subject } from './SlotGrid.js';
import { describeSlot, type FreeSlot, slotName } from './slots.js';
import './slots.css';

type Step =
  | { kind: 'choose' }
  | { kind: 'held'; booking: BookingView; deadline: number }
  | { kind: 'booked'; booking: BookingView };

interface Failure {
  error: unknown;
  retry: (() => void) | null;
}

/** An intent's key: the same one for every send of the same request. */
function useIntentKey() {
  const current = useRef<{ id: string; key: string } | null>(null);
  return {
    for(id: string): string {
      if (current.current?.id !== id) current.current = { id, key: crypto.randomUUID() };
      return current.current.key;
    },
    done() {
      current.current = null;
    },
  };
}

/** Where a hold ends on this device's clock: its length by the server's clock, from now. */
function deadlineOf(booking: BookingView): number {
  const length =
    Date.parse(booking.holdExpiresAt ?? booking.createdAt) - Date.parse(booking.createdAt);
  return Date.now() + Math.max(0, length);
}

export function BookingFlow(props: {
  subject: Subject;
  timeZone: string;
  /** What is booked, for people: "Dr Anna Berg, Cardiology" or "MRI at MedSync Berlin Mitte". */
  title: string;
  initialAt?: string | null;
  forPatient: string | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const { me } = useMe();
  const [location, navigate] = useLocation();
  const { subject, timeZone } = props;
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const holdKey = useIntentKey();
  const confirmKey = useIntentKey();
  const stepFocus = useFocusOnChange<HTMLHeadingElement>(step.kind);
  const errorFocus = useRef<HTMLDivElement>(null);
  // After the step's own focus (declared above): a refusal takes the focus, where it is said.
  useEffect(() => {
    if (failure) errorFocus.current?.focus();
  }, [failure]);

  const staffBooking = me?.role === 'staff' && props.forPatient !== null;
  const mayBook = me?.role === 'patient' || staffBooking;

  const refreshGrid = useCallback(
    () => queryClient.invalidateQueries({ queryKey: availabilityKey(subject) }),
    [queryClient, subject],
  );

  /** Runs one request at a time; a second press while one is in flight does nothing. */
  const exclusive = async (work: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    try {
      await work();
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  const fail = (error: unknown, retry: (() => void) | null) => {
    setFailure({ error, retry: isRetryable(error) ? retry : null });
    if (refreshesGrid(error)) void refreshGrid();
    // After the render: the message takes the focus, so that keyboard users are where it is.
  };

  const hold = (slot: FreeSlot) =>
    exclusive(async () => {
      setFailure(null);
      const key = holdKey.for(`${slot.startAt}|${reason}`);
      const trimmed = reason.trim();
      try {
        const booking = await unwrap(
          api.POST('/api/v1/bookings', {
            params: { header: { 'idempotency-key': key } },
            body: {
              ...subject,
              startAt: slot.startAt,
              hold: true,
              ...(trimmed ? { reason: trimmed } : {}),
              ...(staffBooking && props.forPatient ? { patientId: props.forPatient } : {}),
            },
          }),
        );
        holdKey.done();
        setStep({ kind: 'held', booking, deadline: deadlineOf(booking) });
      } catch (error) {
        if (!isRetryable(error)) holdKey.done();
        fail(error, () => void hold(slot));
      }
    });

  const confirm = (booking: BookingView) =>
    exclusive(async () => {
      setFailure(null);
      const key = confirmKey.for(booking.id);
      try {
        const booked = await unwrap(
          api.POST('/api/v1/bookings/{id}/confirm', {
            params: { path: { id: booking.id } },
            headers: { 'Idempotency-Key': key },
            body: { version: booking.version },
          }),
        );
        confirmKey.done();
        setStep({ kind: 'booked', booking: booked });
        void refreshGrid();
      } catch (error) {
        // A confirm whose answer was lost, then sent again, finds the booking already booked.
        const code = codeOf(error);
        if (code === 'version-conflict' || code === 'not-held') {
          const fresh = await unwrap(
            api.GET('/api/v1/bookings/{id}', { params: { path: { id: booking.id } } }),
          ).catch(() => null);
          if (fresh?.status === 'booked') {
            confirmKey.done();
            setStep({ kind: 'booked', booking: fresh });
            return;
          }
        }
        if (!isRetryable(error)) confirmKey.done();
        if (code === 'hold-expired') setStep({ kind: 'choose' });
        fail(error, () => void confirm(booking));
      }
    });

  const release = (booking: BookingView) =>
    exclusive(async () => {
      setFailure(null);
      // Best effort: a hold not released lapses by itself within minutes.
      await unwrap(
        api.POST('/api/v1/bookings/{id}/cancel', {
          params: { path: { id: booking.id } },
          body: { version: booking.version },
        }),
      ).catch(() => null);
      setStep({ kind: 'choose' });
      void refreshGrid();
    });

  const onExpire = useCallback(() => {
    setStep({ kind: 'choose' });
    setFailure({ error: null, retry: null });
    void refreshGrid();
  }, [refreshGrid]);

  const select = (slot: FreeSlot) => {
    if (!me) {
      const params = new URLSearchParams(window.location.search);
      params.set('at', slot.startAt);
      navigate(`/sign-in?next=${encodeURIComponent(`${location}?${params.toString()}`)}`);
      return;
    }
    if (!mayBook) {
      setFailure({ error: { notAllowed: true }, retry: null });
      return;
    }
    void hold(slot);
  };

  useEffect(() => {
    if (step.kind === 'booked') void queryClient.invalidateQueries({ queryKey: ['bookings'] });
  }, [step.kind, queryClient]);

  if (step.kind === 'booked') {
    return (
      <BookedNotice
        booking={step.booking}
        timeZone={timeZone}
        title={props.title}
        headingRef={stepFocus}
        heading={t('slots.bookedTitle')}
        staff={staffBooking}
      />
    );
  }

  const heldSlot = step.kind === 'held' ? step.booking.startAt : null;
  const viewerZone = browserTimeZone();
  return (
    <div className="booking-flow">
      {failure ? (
        <div ref={errorFocus} tabIndex={-1} className="status error" role="alert">
          <p>
            {failure.error === null
              ? t('slots.holdLapsed')
              : isNotAllowed(failure.error)
                ? t(me?.role === 'staff' ? 'slots.staffNeedsPatient' : 'slots.roleCannotBook')
                : bookingProblemText(t, failure.error)}
          </p>
          {failure.retry ? (
            <button type="button" className="button secondary" onClick={failure.retry}>
              {t('common.retry')}
            </button>
          ) : null}
        </div>
      ) : null}
      {step.kind === 'held' ? (
        <section className="hold card" aria-labelledby="hold-title">
          <h3 id="hold-title" ref={stepFocus} tabIndex={-1}>
            {t('slots.heldTitle')}
          </h3>
          <p>
            {props.title}
            <br />
            <strong>
              {slotName(
                t,
                describeSlot(step.booking.startAt, timeZone, viewerZone, locale),
                timeZone,
              )}
            </strong>
          </p>
          {step.booking.reason ? (
            <p className="small">{t('slots.reasonGiven', { reason: step.booking.reason })}</p>
          ) : null}
          <HoldCountdown deadline={step.deadline} onExpire={onExpire} />
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={pending}
              aria-disabled={pending}
              onClick={() => void confirm(step.booking)}
            >
              {pending ? t('slots.confirming') : t('slots.confirm')}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={pending}
              onClick={() => void release(step.booking)}
            >
              {t('slots.chooseAnother')}
            </button>
          </div>
        </section>
      ) : (
        <>
          <h3 ref={stepFocus} tabIndex={-1} className="visually-hidden-focusable">
            {t('slots.chooseTitle')}
          </h3>
          <div className="field reason">
            <label htmlFor="booking-reason">{t('slots.reasonLabel')}</label>
            <textarea
              id="booking-reason"
              maxLength={1000}
              rows={2}
              value={reason}
              aria-describedby="booking-reason-hint"
              onChange={(event) => setReason(event.target.value)}
            />
            <span id="booking-reason-hint" className="muted small">
              {t('slots.reasonHint')}
            </span>
          </div>
        </>
      )}
      {!me ? <p className="muted small">{t('slots.signInToBook')}</p> : null}
      <SlotGrid
        subject={subject}
        timeZone={timeZone}
        initialAt={props.initialAt ?? null}
        selectedStart={heldSlot}
        disabled={pending || step.kind === 'held'}
        onSelect={select}
      />
      {me?.role === 'patient' ? (
        <p className="small">
          <Link href="/my-bookings">{t('slots.myBookings')}</Link>
        </p>
      ) : null}
    </div>
  );
}

function isNotAllowed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'notAllowed' in error;
}
