// React's view of the session: who is signed in (`useMe`), the typed client (`useApi`), and the
// gate that shows a page only to the roles that may use it. The API stays the authority: the gate
// only spares people pages that would be refused.

import type { MeView } from '@medsync/contracts';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Api } from '../api/client.js';
import { unwrap } from '../api/client.js';
import type { SessionSnapshot, SessionStore } from './session-store.js';

export type Me = MeView;
export type Role = Me['role'];

interface SessionContextValue {
  store: SessionStore;
  api: Api;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider(props: { store: SessionStore; api: Api; children: ReactNode }) {
  const { store, api } = props;
  const queryClient = useQueryClient();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // A new person (or nobody): nothing cached for the previous one may show.
  useEffect(() => {
    if (snapshot.generation > 0) dropPrivateData(queryClient, snapshot.generation);
  }, [snapshot.generation, queryClient]);
  return <SessionContext value={{ store, api }}>{props.children}</SessionContext>;
}

function dropPrivateData(queryClient: QueryClient, generation: number) {
  // The new person's own `me` query has already started (children's effects run first): removing
  // it would cancel it silently and leave its observers (the layout, the role gate) pending.
  const current = (key: readonly unknown[]) => key[0] === 'me' && key[1] === generation;
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== 'public' && !current(query.queryKey),
  });
}

function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('SessionProvider is missing');
  return value;
}

export function useApi(): Api {
  return useSessionContext().api;
}

export function useSessionStore(): SessionStore {
  return useSessionContext().store;
}

export function useSession(): SessionSnapshot {
  const { store } = useSessionContext();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The signed-in account (role, scope, patient profile), or null when signed out. */
export function useMe(): { me: Me | null; loading: boolean } {
  const api = useApi();
  const session = useSession();
  const query = useQuery({
    queryKey: ['me', session.generation],
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: session.status === 'signed-in',
    staleTime: 60_000,
  });
  if (session.status === 'restoring') return { me: null, loading: true };
  if (session.status === 'signed-out') return { me: null, loading: false };
  return { me: query.data ?? null, loading: query.isPending };
}
