// The doctor area's reads. Directory data (a doctor, a clinic) is public and cached under
// 'public'; everything about a patient is not, and is dropped when the person signed in changes.
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { unwrap } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { useApi } from '../../auth/session.js';

export const doctorKeys = {
  day: (doctorId: string, date: string) => ['doctor-day', doctorId, date] as const,
  critical: ['critical-results'] as const,
  patient: (id: string) => ['patient', id] as const,
  record: (id: string) => ['patient-record', id] as const,
  booking: (id: string) => ['booking', id] as const,
  visitNote: (bookingId: string) => ['visit-note', bookingId] as const,
  visitNoteHistory: (noteId: string) => ['visit-note-history', noteId] as const,
  visitPrescriptions: (bookingId: string) => ['visit-prescriptions', bookingId] as const,
  prescriptionHistory: (id: string) => ['prescription-history', id] as const,
};

/** A doctor's public entry: their clinic and its time zone. */
export function useDoctor(id: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'doctor', id],
    queryFn: () => unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

/** A clinic's public entry: its name and time zone. */
export function useClinic(id: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'location', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

function patientQuery(api: Api, id: string) {
  return {
    queryKey: doctorKeys.patient(id),
    queryFn: () => unwrap(api.GET('/api/v1/patients/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  };
}

export function usePatient(id: string | null | undefined) {
  const api = useApi();
  return useQuery({ ...patientQuery(api, id ?? ''), enabled: Boolean(id) });
}

/** The public entries of several clinics, for showing each booking in its own zone. */
export function useClinics(ids: readonly string[]) {
  const api = useApi();
  const distinct = [...new Set(ids)];
  const results = useQueries({
    queries: distinct.map((id) => ({
      queryKey: ['public', 'location', id],
      queryFn: () => unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const zones = new Map<string, { name: string; timeZone: string }>();
  results.forEach((result, i) => {
    const id = distinct[i];
    if (id && result.data) zones.set(id, result.data);
  });
  return zones;
}

/** The public entries of several doctors, for naming who saw the patient. */
export function useDoctorNames(ids: readonly string[]): Map<string, string> {
  const api = useApi();
  const distinct = [...new Set(ids)];
  const results = useQueries({
    queries: distinct.map((id) => ({
      queryKey: ['public', 'doctor', id],
      queryFn: () => unwrap(api.GET('/api/v1/doctors/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((result, i) => {
    const id = distinct[i];
    if (id && result.data) names.set(id, result.data.fullName);
  });
  return names;
}

/** A read that answers 404 when there is nothing yet: null instead of an error. */
export async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}
