// The typed API client: openapi-fetch over the generated `paths`, with the session's bearer token
// on every call and one silent renewal when the server says the token has expired.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { SessionStore } from '../auth/session-store.js';
import { ApiProblem, isProblem, networkProblem } from './problem.js';
import type { paths } from './schema.js';

export type Api = Client<paths>;

export function createApi(session: SessionStore, fetchImpl: typeof fetch = fetch): Api {
  const api = createClient<paths>({ baseUrl: '', fetch: (request) => fetchImpl(request) });
  const retries = new WeakMap<Request, Request>();
  const auth: Middleware = {
    onRequest({ request }) {
      const token = session.accessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      // Kept so that the call can be sent again once after a renewal (a body is read only once).
      if (token) retries.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const spare = retries.get(request);
      if (response.status !== 401 || !spare) return response;
      if (!(await session.refresh())) return response;
      spare.headers.set('authorization', `Bearer ${session.accessToken()}`);
      return fetchImpl(spare);
    },
  };
  api.use(auth);
  return api;
}

/**
 * The data of an openapi-fetch result, or an ApiProblem thrown: the shape TanStack Query wants.
 * `await unwrap(api.GET('/api/v1/doctors', { params }))`.
 */
export async function unwrap<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiProblem(networkProblem());
  }
  if (result.response.ok) return result.data as T;
  throw new ApiProblem(isProblem(result.error) ? result.error : networkProblem());
}
