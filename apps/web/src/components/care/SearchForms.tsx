// The two ways into finding care, used on the start page and the search pages: a doctor search
// (specialty, clinic, free text) and "earliest available" for a specialty or a diagnostic test.
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useLocale } from '../../lib/locale.js';
import { carry, sortedByName, useDiagnostics, useLocations, useSpecialties } from './care.js';
import './care.css';

export interface DoctorFilters {
  specialty: string;
  location: string;
  q: string;
  maxPrice?: string;
}

export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        required={props.required}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.children}
      </select>
    </div>
  );
}

export function SpecialtyOptions() {
  const locale = useLocale();
  const specialties = useSpecialties();
  return (
    <>
      {sortedByName(specialties.data?.items ?? [], locale).map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}

export function ClinicOptions() {
  const locale = useLocale();
  const locations = useLocations();
  return (
    <>
      {sortedByName(locations.data?.items ?? [], locale).map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </>
  );
}

/** Specialty, clinic and free text; `extra` adds fields (the search page's maximum price). */
export function DoctorSearchForm(props: {
  initial: DoctorFilters;
  forPatient: string | null;
  idPrefix: string;
  extra?: (filters: DoctorFilters, set: (f: DoctorFilters) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [filters, setFilters] = useState(props.initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(
      carry('/find', props.forPatient, {
        specialty: filters.specialty,
        location: filters.location,
        q: filters.q.trim(),
        maxPrice: filters.maxPrice,
      }),
    );
  };
  const id = props.idPrefix;
  return (
    <search aria-label={t('care.search')}>
      <form className="search-form" onSubmit={submit}>
        <SelectField
          id={`${id}-specialty`}
          label={t('care.specialty')}
          value={filters.specialty}
          onChange={(specialty) => setFilters({ ...filters, specialty })}
        >
          <option value="">{t('care.anySpecialty')}</option>
          <SpecialtyOptions />
        </SelectField>
        <SelectField
          id={`${id}-clinic`}
          label={t('care.clinic')}
          value={filters.location}
          onChange={(location) => setFilters({ ...filters, location })}
        >
          <option value="">{t('care.anyClinic')}</option>
          <ClinicOptions />
        </SelectField>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('care.text')}</label>
          <input
            id={`${id}-q`}
            type="search"
            maxLength={100}
            value={filters.q}
            onChange={(event) => setFilters({ ...filters, q: event.target.value })}
          />
        </div>
        {props.extra?.(filters, setFilters)}
        <div className="search-submit">
          <button type="submit" className="button">
            {t('care.search')}
          </button>
        </div>
      </form>
    </search>
  );
}

/** One choice among specialties and diagnostics, then "earliest available" for it. */
export function EarliestForm(props: {
  initial: { subject: string; location: string };
  forPatient: string | null;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [, navigate] = useLocation();
  const diagnostics = useDiagnostics();
  const [subject, setSubject] = useState(props.initial.subject);
  const [location, setLocation] = useState(props.initial.location);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = subject.split(':');
    if (!id) return;
    navigate(
      carry('/earliest', props.forPatient, {
        [kind === 'diagnostic' ? 'diagnostic' : 'specialty']: id,
        location,
      }),
    );
  };
  const id = props.idPrefix;
  return (
    <form className="search-form" onSubmit={submit} aria-label={t('care.findEarliest')}>
      <SelectField
        id={`${id}-subject`}
        label={t('care.chooseSubject')}
        value={subject}
        onChange={setSubject}
        required
      >
        <option value="">{t('care.chooseOne')}</option>
        <optgroup label={t('care.specialties')}>
          <PrefixedSpecialtyOptions prefix="specialty" />
        </optgroup>
        <optgroup label={t('care.diagnostics')}>
          {sortedByName(diagnostics.data?.items ?? [], locale).map((d) => (
            <option key={d.id} value={`diagnostic:${d.id}`}>
              {d.name}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <SelectField
        id={`${id}-clinic`}
        label={t('care.clinic')}
        value={location}
        onChange={setLocation}
      >
        <option value="">{t('care.anyClinic')}</option>
        <ClinicOptions />
      </SelectField>
      <div className="search-submit">
        <button type="submit" className="button">
          {t('care.findEarliest')}
        </button>
      </div>
    </form>
  );
}

function PrefixedSpecialtyOptions(props: { prefix: string }) {
  const locale = useLocale();
  const specialties = useSpecialties();
  return (
    <>
      {sortedByName(specialties.data?.items ?? [], locale).map((s) => (
        <option key={s.id} value={`${props.prefix}:${s.id}`}>
          {s.name}
        </option>
      ))}
    </>
  );
}
