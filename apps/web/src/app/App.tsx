// The app: providers (server state, session, catalogs), the layout and the page for the URL,
// each page behind the gate for its roles.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import { Suspense } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Route, Switch } from 'wouter';
import type { Api } from '../api/client.js';
import { ApiProblem } from '../api/problem.js';
import { SessionProvider } from '../auth/session.js';
import type { SessionStore } from '../auth/session-store.js';
import NotFoundPage from '../pages/NotFoundPage.js';
import { routes } from '../routes.js';
import { Loading } from '../ui/Status.js';
import { Layout } from './Layout.js';
import { RoleGate } from './RoleGate.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A problem the client caused will not go away by asking again.
        retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App(props: {
  i18n: i18n;
  store: SessionStore;
  api: Api;
  queryClient: QueryClient;
}) {
  return (
    <I18nextProvider i18n={props.i18n}>
      <QueryClientProvider client={props.queryClient}>
        <SessionProvider store={props.store} api={props.api}>
          <Layout>
            <Suspense fallback={<Loading />}>
              <Switch>
                {routes.map(({ path, page: Page, roles }) => (
                  <Route key={path} path={path}>
                    {roles ? (
                      <RoleGate roles={roles}>
                        <Page />
                      </RoleGate>
                    ) : (
                      <Page />
                    )}
                  </Route>
                ))}
                <Route>
                  <NotFoundPage />
                </Route>
              </Switch>
            </Suspense>
          </Layout>
        </SessionProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
