import type {
  AcceptedView,
  ChangePasswordInput,
  ConfirmPasswordResetInput,
  RegisterInput,
  SignInInput,
  TokenPairView,
  WebSessionView,
} from '@medsync/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { type Actor, identityOf } from '../../shared/actor.js';
import { Unauthorized, Unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { AuditLog } from '../audit/index.js';
import { type AuthAction, accountEvent, actorAs } from './events.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.js';
import {
  checkPasswordPolicy,
  hashPassword,
  verifyPassword,
  verifyPasswordOrDummy,
} from './passwords.js';
import { registerPatient } from './registration.js';
import { CredentialRepository, RefreshTokenRepository } from './repository.js';
import { digestOf, newOpaqueToken } from './secrets.js';
import { endSessionFamily, revokeAllSessions } from './sessions.js';
import { SignInThrottle, tooManyAttempts } from './throttle.js';
import type { AccessTokens } from './tokens.js';

export interface AuthDeps {
  db: Database;
  tokens: AccessTokens;
  audit: AuditLog;
  config: Config['auth'];
}

// Unknown address, wrong password and disabled account all get exactly this answer.
const invalidCredentials = () =>
  new Unauthorized('invalid-credentials', 'The e-mail address or password is incorrect');
const invalidRefreshToken = () =>
  new Unauthorized('invalid-refresh-token', 'The refresh token is not valid; sign in again');
const wrongCurrentPassword = () =>
  new Unprocessable('wrong-password', 'The current password is not correct', [
    { field: 'currentPassword', message: 'is not the current password' },
  ]);

/** A browser's session: what its answer shows, and the refresh token its cookie alone carries. */
export interface BrowserSession {
  session: WebSessionView;
  refreshToken: string;
  /** The cookie's Max-Age: the refresh token's lifetime (REFRESH_TOKEN_TTL_DAYS). */
  maxAgeSeconds: number;
}

/** Registration, sign-in, refresh-token rotation, sign-out and passwords. */
export class AuthService {
  constructor(readonly deps: AuthDeps) {}

  register(actor: Actor, input: RegisterInput): Promise<AcceptedView> {
    return registerPatient(this.deps, actor, input);
  }

  requestPasswordReset(actor: Actor, email: string, log: FastifyBaseLogger): Promise<AcceptedView> {
    return requestPasswordReset(this.deps, actor, email, log);
  }

  confirmPasswordReset(actor: Actor, input: ConfirmPasswordResetInput): Promise<void> {
    return confirmPasswordReset(this.deps, actor, input);
  }

  async signIn(actor: Actor, input: SignInInput): Promise<TokenPairView> {
    const { db, audit } = this.deps;
    const account = await new CredentialRepository(db).findByEmail(input.email);
    await this.throttle(actor, input.email, 'auth.sign-in', account?.id ?? null);
    const matches = await verifyPasswordOrDummy(account?.passwordHash ?? null, input.password);
    if (!account || !matches || account.disabledAt !== null) {
      await audit.record(db, actor, accountEvent('auth.sign-in', 'failure', account?.id ?? null));
      throw invalidCredentials();
    }
    return db.transaction(async (tx) => {
      await new SignInThrottle(tx).succeeded(input.email, actor.ip);
      const session = await this.startSession(tx, account, newId());
      const signedIn = await actorAs(tx, actor, account.id);
      await audit.record(tx, signedIn, accountEvent('auth.sign-in', 'success', account.id));
      return session;
    });
  }

  /** Rotates: the presented token is used up and a new pair of the same family is issued. */
  async refresh(actor: Actor, refreshToken: string): Promise<TokenPairView> {
    const tokenHash = digestOf(refreshToken);
    const pair = await this.deps.db.transaction(async (tx) => {
      const used = await new RefreshTokenRepository(tx).consume(tokenHash);
      if (!used) return null;
      const account = await new CredentialRepository(tx).get(used.accountId);
      if (!account || account.disabledAt !== null) throw invalidRefreshToken(); // rolls back
      return this.startSession(tx, account, used.familyId);
    });
    if (pair) return pair;
    await this.revokeIfReused(actor, tokenHash);
    throw invalidRefreshToken();
  }

  async signOut(actor: Actor): Promise<void> {
    const { accountId } = identityOf(actor);
    await this.deps.db.transaction(async (tx) => {
      await revokeAllSessions(tx, accountId);
      await this.deps.audit.record(tx, actor, accountEvent('auth.sign-out', 'success', accountId));
    });
  }

  /** Signing in from a browser: `signIn`, with the refresh token kept for the cookie. */
  async startWebSession(actor: Actor, input: SignInInput): Promise<BrowserSession> {
    return this.browserSession(await this.signIn(actor, input));
  }

  /** Rotates the cookie's token as `refresh` does, reuse detection included. */
  async refreshWebSession(actor: Actor, refreshToken: string | undefined): Promise<BrowserSession> {
    if (!refreshToken) throw invalidRefreshToken();
    return this.browserSession(await this.refresh(actor, refreshToken));
  }

  /**
   * Signing out of one browser: the family of its refresh token ends (the account's access tokens
   * too; other sessions get new ones on their next refresh). Nothing to do without a token, for
   * an unknown one or for a family that has already ended.
   */
  async endWebSession(actor: Actor, refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const { db, audit } = this.deps;
    const token = await new RefreshTokenRepository(db).findByHash(digestOf(refreshToken));
    if (!token || token.revokedAt !== null) return;
    await db.transaction(async (tx) => {
      await endSessionFamily(tx, token);
      const signedOut = await actorAs(tx, actor, token.accountId);
      await audit.record(tx, signedOut, accountEvent('auth.sign-out', 'success', token.accountId));
    });
  }

  /** Needs the current password (throttled like signing in); then every session ends. */
  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
    const { db, audit } = this.deps;
    const account = await new CredentialRepository(db).get(identityOf(actor).accountId);
    if (!account) throw invalidCredentials(); // deleted since the request was authenticated
    checkPasswordPolicy(input.newPassword, 'newPassword', [account.email]);
    await this.throttle(actor, account.email, 'auth.password-change', account.id);
    if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
      await audit.record(db, actor, accountEvent('auth.password-change', 'failure', account.id));
      throw wrongCurrentPassword();
    }
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction(async (tx) => {
      await new CredentialRepository(tx).setPasswordHash(account.id, passwordHash);
      await revokeAllSessions(tx, account.id);
      await new SignInThrottle(tx).succeeded(account.email, actor.ip);
      await audit.record(tx, actor, accountEvent('auth.password-change', 'success', account.id));
    });
  }

  /** Counts a password attempt; a blocked one is audited as denied and answered 429. */
  private async throttle(
    actor: Actor,
    email: string,
    action: AuthAction,
    accountId: string | null,
  ): Promise<void> {
    const retryAfter = await new SignInThrottle(this.deps.db).reserve(email, actor.ip);
    if (retryAfter === null) return;
    await this.deps.audit.record(this.deps.db, actor, accountEvent(action, 'denied', accountId));
    throw tooManyAttempts(retryAfter);
  }

  private async startSession(
    tx: Executor,
    account: { id: string; tokenVersion: number },
    familyId: string,
  ): Promise<TokenPairView> {
    const refreshToken = newOpaqueToken();
    await new RefreshTokenRepository(tx).create({
      accountId: account.id,
      familyId,
      tokenHash: digestOf(refreshToken),
      ttlDays: this.deps.config.refreshTokenTtlDays,
    });
    const { tokens } = this.deps;
    const accessToken = await tokens.sign({
      accountId: account.id,
      tokenVersion: account.tokenVersion,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: tokens.ttlSeconds, refreshToken };
  }

  private browserSession({ refreshToken, ...session }: TokenPairView): BrowserSession {
    const maxAgeSeconds = this.deps.config.refreshTokenTtlDays * 24 * 60 * 60;
    return { session, refreshToken, maxAgeSeconds };
  }

  /** A used or revoked token presented again was copied: end its family, access tokens too. */
  private async revokeIfReused(actor: Actor, tokenHash: string): Promise<void> {
    const token = await new RefreshTokenRepository(this.deps.db).findByHash(tokenHash);
    if (!token || (token.usedAt === null && token.revokedAt === null)) return; // unknown, expired
    await this.deps.db.transaction(async (tx) => {
      await endSessionFamily(tx, token);
      const event = accountEvent('auth.refresh-reuse', 'denied', token.accountId);
      await this.deps.audit.record(tx, actor, event);
    });
  }
}
