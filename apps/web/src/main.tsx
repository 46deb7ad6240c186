// The app's entry: catalogs first, then the session (a cookie from an earlier visit signs the
// user in again), then the first render.
import { createRoot } from 'react-dom/client';
import { createApi } from './api/client.js';
import { App, createQueryClient } from './app/App.js';
import { forgetPreviousPerson } from './auth/session.js';
import { SessionStore } from './auth/session-store.js';
import { startI18n } from './i18n/index.js';
import './styles.css';

const i18n = await startI18n();
const store = new SessionStore();
const api = createApi(store);
const queryClient = createQueryClient();
forgetPreviousPerson(store, queryClient);
void store.restore();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<App i18n={i18n} store={store} api={api} queryClient={queryClient} />);
}
