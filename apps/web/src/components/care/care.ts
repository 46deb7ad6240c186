// What finding care shares across pages: the directory lists (anyone may see them) and the
// walk-in parameter `forPatient`, which front-desk staff carry from search to booking.
import { useQuery } from '@tanstack/react-query';
import { useSearch } from 'wouter';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIRECTORY_STALE = 5 * 60_000;

/** The patient a staff member books for, from `?forPatient=<id>`; null when absent or not an id. */
export function useForPatient(): string | null {
  const value = new URLSearchParams(useSearch()).get('forPatient');
  return value && UUID.test(value) ? value : null;
}

/** `href` with `forPatient` carried along (and any other query given). */
export function carry(
  href: string,
  forPatient: string | null,
  query: Record<string, string | null | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (forPatient) params.set('forPatient', forPatient);
  const text = params.toString();
  return text ? `${href}?${text}` : href;
}

export function useSpecialties() {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'specialties'],
    queryFn: () => unwrap(api.GET('/api/v1/specialties', { params: { query: { limit: 100 } } })),
    staleTime: DIRECTORY_STALE,
  });
}

export function useLocations() {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'locations'],
    queryFn: () => unwrap(api.GET('/api/v1/locations', { params: { query: { limit: 100 } } })),
    staleTime: DIRECTORY_STALE,
  });
}

export function useDiagnostics() {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'diagnostics'],
    queryFn: () => unwrap(api.GET('/api/v1/diagnostics', { params: { query: { limit: 100 } } })),
    staleTime: DIRECTORY_STALE,
  });
}

export function sortedByName<T extends { name: string }>(items: readonly T[], locale: string): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, locale));
}
