import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Accepted,
  ChangePasswordBody,
  ConfirmPasswordResetBody,
  NoContent,
  PasswordResetBody,
  RefreshBody,
  RegisterBody,
  SignInBody,
  TokenPair,
} from '@medsync/contracts';
import { Authenticated, actorOf, Public } from '../../http/access.js';
import { problemResponse } from '../../http/openapi.js';
import type { AuthService } from './service.js';

const tags = ['auth'];

const throttled = problemResponse('Too many attempts; `Retry-After` says when to try again');
// Per client IP and process, on top of the database-backed sign-in throttle.
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

export function authRoutes(auth: AuthService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/auth/register',
      {
        config: { access: Public, ...perMinute(10) },
        schema: {
          tags,
          operationId: 'register',
          summary: 'Register as a patient',
          description:
            'Creates a patient profile and its account. The answer is the same whether or not ' +
            'the e-mail address already has an account.',
          body: RegisterBody,
          response: {
            202: Accepted,
            422: problemResponse('The password or date of birth cannot be used'),
            429: throttled,
          },
        },
      },
      async (request, reply) => {
        return reply.code(202).send(await auth.register(actorOf(request), request.body));
      },
    );

    app.post(
      '/auth/sign-in',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'signIn',
          summary: 'Sign in with e-mail address and password',
          description:
            'An unknown address, a wrong password and a disabled account get the same 401. ' +
            'Repeated failures for one address or from one IP are refused with 429.',
          body: SignInBody,
          response: { 200: TokenPair, 401: problemResponse('Wrong credentials'), 429: throttled },
        },
      },
      (request) => auth.signIn(actorOf(request), request.body),
    );

    app.post(
      '/auth/refresh',
      {
        config: { access: Public, ...perMinute(60) },
        schema: {
          tags,
          operationId: 'refreshTokens',
          summary: 'Exchange a refresh token for a new token pair',
          description:
            'Each refresh token works once. Presenting a used one again ends every session ' +
            'descended from the same sign-in.',
          body: RefreshBody,
          response: {
            200: TokenPair,
            401: problemResponse('Unknown, used, revoked or expired refresh token'),
            429: throttled,
          },
        },
      },
      (request) => auth.refresh(actorOf(request), request.body.refreshToken),
    );

    app.post(
      '/auth/sign-out',
      {
        config: { access: Authenticated },
        schema: {
          tags,
          operationId: 'signOut',
          summary: 'Sign out everywhere',
          description: 'Every access and refresh token of the account stops working at once.',
          // No body is needed, but one that is sent is still parsed, and malformed JSON is a 400.
          response: { 204: NoContent, 400: problemResponse('The body is not valid JSON') },
        },
      },
      async (request, reply) => {
        await auth.signOut(actorOf(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: Authenticated },
        schema: {
          tags,
          operationId: 'changePassword',
          summary: 'Change the password',
          description: 'Needs the current password. Every session ends: sign in again.',
          body: ChangePasswordBody,
          response: {
            204: NoContent,
            422: problemResponse('Wrong current password, or the new one cannot be used'),
            429: throttled,
          },
        },
      },
      async (request, reply) => {
        await auth.changePassword(actorOf(request), request.body);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: { access: Public, ...perMinute(5) },
        schema: {
          tags,
          operationId: 'requestPasswordReset',
          summary: 'Request a password reset link',
          description:
            'When the address has an account, a one-time link valid for 30 minutes is sent. ' +
            'The answer is the same either way.',
          body: PasswordResetBody,
          response: { 202: Accepted, 429: throttled },
        },
      },
      async (request, reply) => {
        const accepted = await auth.requestPasswordReset(
          actorOf(request),
          request.body.email,
          request.log,
        );
        return reply.code(202).send(accepted);
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: { access: Public, ...perMinute(10) },
        schema: {
          tags,
          operationId: 'confirmPasswordReset',
          summary: 'Set a new password with a reset token',
          description: 'The token works once. Every session of the account ends.',
          body: ConfirmPasswordResetBody,
          response: {
            204: NoContent,
            422: problemResponse('Unknown, used or expired token, or the password cannot be used'),
            429: throttled,
          },
        },
      },
      async (request, reply) => {
        await auth.confirmPasswordReset(actorOf(request), request.body);
        return reply.code(204).send(null);
      },
    );
  };
}
