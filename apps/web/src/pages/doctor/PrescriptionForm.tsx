// Writing a prescription, or correcting one (the whole new content and a reason). Required fields
// are checked in the browser; what the server refuses comes back on the field it names.
import type { CreatePrescriptionInput, PrescriptionView } from '@medsync/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.js';
import { ProblemAlert } from './feedback.js';
import { formErrorsOf } from './form-errors.js';
import {
  contentOf,
  draftOf,
  EMPTY_DRAFT,
  FIELD_NAMES,
  type PrescriptionDraft,
} from './prescription-draft.js';

const ALL_FIELDS = [...Object.values(FIELD_NAMES), 'reason'];
const COUNT = /^\d+$/;
const QUANTITY = /^(0|[1-9][0-9]{0,6})(\.[0-9]{1,3})?$/;

export function PrescriptionForm(props: {
  /** The prescription being corrected; absent: a new one. */
  current?: PrescriptionView;
  save: (content: CreatePrescriptionInput, reason: string) => Promise<PrescriptionView>;
  onSaved: (saved: PrescriptionView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const revising = Boolean(props.current);
  const [draft, setDraft] = useState<PrescriptionDraft>(
    props.current ? draftOf(props.current) : EMPTY_DRAFT,
  );
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => props.save(contentOf(draft), reason.trim()),
    onSuccess: props.onSaved,
  });
  const errors = formErrorsOf(save.error, ALL_FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const field = (key: keyof PrescriptionDraft) => ({
    name: FIELD_NAMES[key],
    label: t(`doctor.prescriptionForm.${key}`),
    value: draft[key],
    onChange: (value: string) => setDraft((d) => ({ ...d, [key]: value })),
  });
  const count = (min: number, max: number) => (value: string) =>
    value === '' || (COUNT.test(value) && Number(value) >= min && Number(value) <= max)
      ? null
      : t('doctor.prescriptionForm.between', { min, max });
  return (
    <Form
      className="form prescription-form"
      onSubmit={submit}
      validationErrors={errors.fields}
      aria-label={
        revising
          ? t('doctor.prescriptionForm.reviseLabel', { name: props.current?.medication.name })
          : t('doctor.prescriptionForm.createLabel')
      }
    >
      {save.error && errors.unmatched ? <ProblemAlert error={save.error} /> : null}
      <fieldset>
        <legend>{t('doctor.prescriptionForm.medication')}</legend>
        <div className="form-row">
          <Field {...field('name')} isRequired autoFocus maxLength={200} />
          <Field
            {...field('strength')}
            isRequired
            maxLength={100}
            description={t('doctor.prescriptionForm.strengthHint')}
          />
          <Field
            {...field('form')}
            isRequired
            maxLength={60}
            description={t('doctor.prescriptionForm.formHint')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('doctor.prescriptionForm.dosage')}</legend>
        <div className="form-row">
          <Field {...field('dose')} isRequired maxLength={100} />
          <Field {...field('route')} isRequired maxLength={60} />
          <Field {...field('frequency')} isRequired maxLength={100} />
          <Field
            {...field('durationDays')}
            isRequired
            inputMode="numeric"
            validate={count(1, 366)}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('doctor.prescriptionForm.supply')}</legend>
        <div className="form-row">
          <Field
            {...field('quantity')}
            isRequired
            inputMode="decimal"
            validate={(value) =>
              value === '' || QUANTITY.test(value)
                ? null
                : t('doctor.prescriptionForm.quantityHint')
            }
          />
          <Field {...field('unit')} isRequired maxLength={32} />
          <Field
            {...field('repeats')}
            isRequired
            inputMode="numeric"
            validate={count(0, 12)}
            description={t('doctor.prescriptionForm.repeatsHint')}
          />
        </div>
        <div className="form-row">
          <Field
            {...field('validFrom')}
            type="date"
            isRequired={revising}
            description={revising ? undefined : t('doctor.prescriptionForm.validFromHint')}
          />
          <Field
            {...field('validUntil')}
            type="date"
            isRequired={revising}
            description={revising ? undefined : t('doctor.prescriptionForm.validUntilHint')}
          />
        </div>
      </fieldset>
      <Field {...field('instructions')} isRequired multiline maxLength={1000} />
      <Field {...field('notes')} multiline maxLength={2000} />
      {revising ? (
        <Field
          name="reason"
          label={t('doctor.prescriptionForm.reason')}
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
            : revising
              ? t('doctor.prescriptionForm.saveRevision')
              : t('doctor.prescriptionForm.save')}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </Form>
  );
}
