// The browser session. The access token lives in this object's memory only (never in storage);
// the refresh token is an HttpOnly cookie scoped to /api/v1/auth/session that scripts cannot read.
// Every cookie-authenticated call carries the CSRF token the server handed out. A reload starts
// signed out for a moment, then `restore()` exchanges the cookie for a new access token.
import { ApiProblem, isProblem, networkProblem } from '../api/problem.js';

const BASE = '/api/v1/auth';

export type SessionStatus = 'restoring' | 'signed-out' | 'signed-in';

export interface SessionSnapshot {
  status: SessionStatus;
  /** Bumped on every sign-in and sign-out, so that cached server state can be dropped. */
  generation: number;
}

interface WebSession {
  accessToken: string;
  expiresIn: number;
}

/** Whether this browser may hold a session cookie: a boolean, never a token. */
export interface SessionHint {
  get(): boolean;
  set(value: boolean): void;
}

const HINT_KEY = 'medsync.session';

function storageHint(): SessionHint {
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  return {
    get: () => storage?.getItem(HINT_KEY) === '1',
    set: (value) => (value ? storage?.setItem(HINT_KEY, '1') : storage?.removeItem(HINT_KEY)),
  };
}

export class SessionStore {
  private snapshot: SessionSnapshot = { status: 'restoring', generation: 0 };
  private readonly listeners = new Set<() => void>();
  private token: string | null = null;
  private csrf: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly hint: SessionHint = storageHint(),
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  accessToken(): string | null {
    return this.token;
  }

  /**
   * On start: a cookie from an earlier visit signs the user in again. Scripts cannot see the
   * HttpOnly cookie, so a flag in storage (no token, only "there may be a session") spares a
   * first-time visitor a refresh that can only fail.
   */
  async restore(): Promise<void> {
    const ok = this.hint.get() ? await this.refresh() : false;
    if (!ok) this.set('signed-out');
  }

  async signIn(email: string, password: string): Promise<void> {
    const session = await this.call<WebSession>('POST', '/session', { email, password });
    this.accept(session, true);
  }

  /** Exchanges the cookie for a new access token; one exchange at a time. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.call<WebSession>('POST', '/session/refresh')
      .then((session) => {
        this.accept(session, false);
        return true;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    try {
      await this.call<null>('DELETE', '/session');
    } finally {
      this.clear();
    }
  }

  private accept(session: WebSession, fresh: boolean): void {
    this.token = session.accessToken;
    this.hint.set(true);
    if (this.timer) clearTimeout(this.timer);
    // Renew at four fifths of the lifetime, so that a request rarely meets an expired token.
    this.timer = setTimeout(() => void this.refresh(), session.expiresIn * 800);
    const wasSignedIn = this.snapshot.status === 'signed-in';
    this.set('signed-in', fresh || !wasSignedIn);
  }

  private clear(): void {
    this.token = null;
    this.hint.set(false);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.set('signed-out', this.snapshot.status === 'signed-in');
  }

  private set(status: SessionStatus, newGeneration = false): void {
    if (status === this.snapshot.status && !newGeneration) return;
    this.snapshot = {
      status,
      generation: this.snapshot.generation + (newGeneration ? 1 : 0),
    };
    for (const listener of this.listeners) listener();
  }

  private async csrfToken(): Promise<string> {
    if (this.csrf) return this.csrf;
    const { csrfToken } = await this.send<{ csrfToken: string }>('GET', '/csrf');
    this.csrf = csrfToken;
    return csrfToken;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const csrf = await this.csrfToken();
    try {
      return await this.send<T>(method, path, body, csrf);
    } catch (error) {
      // A CSRF secret cookie that expired or was cleared: fetch a new pair once and retry.
      if (!(error instanceof ApiProblem) || error.status !== 403) throw error;
      this.csrf = null;
      return this.send<T>(method, path, body, await this.csrfToken());
    }
  }

  private async send<T>(method: string, path: string, body?: unknown, csrf?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (csrf) headers['x-csrf-token'] = csrf;
    let response: Response;
    try {
      response = await this.fetchImpl(`${BASE}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiProblem(networkProblem());
    }
    if (response.status === 204) return null as T;
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new ApiProblem(isProblem(payload) ? payload : networkProblem());
    return payload as T;
  }
}
