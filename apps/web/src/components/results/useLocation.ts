// A clinic's name and time zone, for showing its times in its own zone. The directory is public,
// so the query key starts with 'public' and survives a change of who is signed in.
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';

export function useClinic(locationId: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'location', locationId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id: locationId ?? '' } } })),
    enabled: Boolean(locationId),
    staleTime: 10 * 60_000,
  });
}
