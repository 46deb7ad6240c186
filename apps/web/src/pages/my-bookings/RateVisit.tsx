// Rating a completed visit: an existing rating is shown (GET /bookings/{id}/rating, 404 when
// none); otherwise "Rate this visit" opens a form with the stars as a radio group (1–5) and an
// optional comment, sent once (POST /bookings/{id}/rating).
import type { RatingView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  FieldError,
  Form,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';
import { ErrorMessage } from '../../ui/Status.js';
import { ProblemAlert } from './ProblemAlert.js';

const STARS = [1, 2, 3, 4, 5] as const;

export function RateVisit(props: { bookingId: string; doctorName: string }) {
  const api = useApi();
  const queryKey = ['booking-rating', props.bookingId];
  const [justSaved, setJustSaved] = useState(false);
  const rating = useQuery({
    queryKey,
    queryFn: async () => {
      try {
        return await unwrap(
          api.GET('/api/v1/bookings/{id}/rating', { params: { path: { id: props.bookingId } } }),
        );
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (rating.isPending) return null;
  if (rating.error)
    return <ErrorMessage error={rating.error} retry={() => void rating.refetch()} />;
  if (rating.data) return <ShownRating rating={rating.data} justSaved={justSaved} />;
  return <RatingForm {...props} queryKey={queryKey} onSaved={() => setJustSaved(true)} />;
}

function ShownRating(props: { rating: RatingView; justSaved?: boolean }) {
  const { t } = useTranslation();
  const { rating } = props;
  const thanks = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (props.justSaved) thanks.current?.focus();
  }, [props.justSaved]);
  return (
    <div className="rating-shown">
      {props.justSaved ? (
        <p className="notice" role="status" tabIndex={-1} ref={thanks}>
          {t('my-bookings.ratingSaved')}
        </p>
      ) : null}
      <p>
        <span className="visually-hidden">{t('my-bookings.yourRating')} </span>
        <span aria-hidden="true" className="stars">
          {'★'.repeat(rating.stars)}
          {'☆'.repeat(5 - rating.stars)}
        </span>{' '}
        <span>{t('my-bookings.starsOf', { count: rating.stars })}</span>
      </p>
      {rating.comment ? <blockquote className="rating-comment">{rating.comment}</blockquote> : null}
      {rating.commentHidden ? (
        <p className="muted small">{t('my-bookings.commentHidden')}</p>
      ) : null}
    </div>
  );
}

function RatingForm(props: {
  bookingId: string;
  doctorName: string;
  queryKey: unknown[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [stars, setStars] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const group = useRef<HTMLDivElement>(null);
  const rate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/bookings/{id}/rating', {
          params: { path: { id: props.bookingId } },
          body: { stars: Number(stars), ...(comment.trim() ? { comment: comment.trim() } : {}) },
        }),
      ),
    onSuccess: (saved) => {
      props.onSaved();
      queryClient.setQueryData(props.queryKey, saved);
      // The other visits to this doctor show the new average next time.
      void queryClient.invalidateQueries({ queryKey: ['public', 'doctor'] });
    },
  });
  useEffect(() => {
    if (open) group.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rate.mutate();
  };
  if (!open) {
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        {t('my-bookings.rate')}
      </button>
    );
  }
  return (
    <Form className="form rating-form" onSubmit={submit}>
      {rate.error ? <ProblemAlert error={rate.error} area="my-bookings" /> : null}
      <RadioGroup
        ref={group}
        className="field stars-group"
        name="stars"
        isRequired
        value={stars}
        onChange={setStars}
        orientation="horizontal"
      >
        <Label>{t('my-bookings.starsLabel', { doctor: props.doctorName })}</Label>
        <div className="star-options">
          {STARS.map((n) => (
            <Radio key={n} value={String(n)} className="star">
              <span aria-hidden="true">{'★'.repeat(n)}</span>
              <span>{t('my-bookings.starsOf', { count: n })}</span>
            </Radio>
          ))}
        </div>
        <FieldError className="field-error">{t('my-bookings.starsRequired')}</FieldError>
      </RadioGroup>
      <TextField
        className="field"
        name="comment"
        value={comment}
        onChange={setComment}
        maxLength={2000}
      >
        <Label>{t('my-bookings.commentLabel')}</Label>
        <TextArea rows={3} />
        <Text slot="description" className="muted small">
          {t('my-bookings.commentHint')}
        </Text>
      </TextField>
      <div className="button-row">
        <button type="submit" className="button" disabled={rate.isPending}>
          {rate.isPending ? t('my-bookings.sendingRating') : t('my-bookings.sendRating')}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </Form>
  );
}
