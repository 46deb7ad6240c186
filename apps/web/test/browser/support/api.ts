// The tests' own client of the API, outside the browser: setting up what a journey needs (a
// booking, a token) and checking what the browser did, with a bearer token of a demo account.
import { DEMO_PASSWORD } from './server.js';

/** `method path` under /api/v1 of `baseUrl`; a failed answer throws with its status and body. */
export async function callApi<T>(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const payload = response.status === 204 ? null : await response.json();
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload as T;
}

/** An access token of a demo account (POST /auth/sign-in with the demo password). */
export async function tokenOf(baseUrl: string, email: string): Promise<string> {
  const pair = await callApi<{ accessToken: string }>(baseUrl, 'POST', '/auth/sign-in', undefined, {
    email,
    password: DEMO_PASSWORD,
  });
  return pair.accessToken;
}
