// React's view of the session: who is signed in (`useMe`), the typed client (`useApi`), and the
// gate that shows a page only to the roles that may use it. The API stays the authority: the gate
// only spares people pages that would be refused.

import type { MeView } from '@medsync/contracts';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
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
  return <SessionContext value={{ store, api }}>{props.children}</SessionContext>;
}

/**
 * When the person signed in changes (or signs out), nothing cached for the previous one may show:
 * every query but the public ones is dropped, synchronously in the store's change and so before
 * any component renders for the new person (call once, before the first render).
 */
export function forgetPreviousPerson(store: SessionStore, queryClient: QueryClient): () => void {
  let generation = store.getSnapshot().generation;
  return store.subscribe(() => {
    const next = store.getSnapshot().generation;
    if (next === generation) return;
    generation = next;
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'public' });
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
