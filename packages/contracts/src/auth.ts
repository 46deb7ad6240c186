import { type Static, Type } from 'typebox';
import { Email, Int32 } from './common.js';

// One schema per shape: validation, types, serialization and OpenAPI for the auth routes.

// Longer than the policy's 128 characters: NFKC may lengthen a password, and the policy (422 with
// the field's path) should be what refuses a long one, not the schema.
const Password = Type.String({ minLength: 1, maxLength: 256 });
const NewPassword = Type.String({
  minLength: 1,
  maxLength: 256,
  description: '12–128 characters, any Unicode; common or easily guessed passwords are refused',
});
const OpaqueToken = Type.String({
  pattern: '^[A-Za-z0-9_-]+$',
  minLength: 1,
  maxLength: 128,
  description: 'Opaque token, as issued',
});

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: NewPassword,
    fullName: Type.String({ minLength: 1, maxLength: 128, pattern: '\\S' }),
    dateOfBirth: Type.String({
      format: 'date',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      maxLength: 10,
      description: 'YYYY-MM-DD, not in the future',
    }),
    sex: Type.Enum(['female', 'male', 'other', 'unknown']),
    phone: Type.Optional(
      Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9][0-9 ()./-]*$' }),
    ),
  },
  { additionalProperties: false },
);

export const SignInBody = Type.Object(
  { email: Email, password: Password },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  { refreshToken: OpaqueToken },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: NewPassword },
  { additionalProperties: false },
);

export const PasswordResetBody = Type.Object({ email: Email }, { additionalProperties: false });

export const ConfirmPasswordResetBody = Type.Object(
  { token: OpaqueToken, newPassword: NewPassword },
  { additionalProperties: false },
);

/** The same answer whether or not the e-mail address has an account. */
export const Accepted = Type.Object(
  { status: Type.Literal('accepted') },
  { title: 'Accepted', description: 'Accepted; the answer never tells whether an account exists' },
);

export const TokenPair = Type.Object(
  {
    accessToken: Type.String({
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      maxLength: 2048,
      description: 'A JWT; send as `Authorization: Bearer <accessToken>`',
    }),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Int32(30, 900, {
      description: 'Seconds until the access token expires (ACCESS_TOKEN_TTL_SECONDS)',
    }),
    refreshToken: Type.With(OpaqueToken, {
      description: 'One use only: exchange it at /auth/refresh for a new pair',
    }),
  },
  { title: 'TokenPair' },
);

/** A browser's session: the refresh token travels only in the `medsync_refresh` cookie. */
export const WebSession = Type.Object(
  {
    accessToken: TokenPair.properties.accessToken,
    tokenType: Type.Literal('Bearer'),
    expiresIn: TokenPair.properties.expiresIn,
  },
  {
    title: 'WebSession',
    description:
      'An access token for a browser; the refresh token is set as an HttpOnly cookie, never sent here',
  },
);

/** The double-submit token: send it back as `x-csrf-token` on the cookie routes. */
export const CsrfToken = Type.Object(
  {
    csrfToken: Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      minLength: 1,
      maxLength: 256,
      description: 'Send as the `x-csrf-token` header on /auth/session requests',
    }),
  },
  { title: 'CsrfToken' },
);

export const NoContent = Type.Null({ description: 'Done' });

export type RegisterInput = Static<typeof RegisterBody>;
export type SignInInput = Static<typeof SignInBody>;
export type ChangePasswordInput = Static<typeof ChangePasswordBody>;
export type ConfirmPasswordResetInput = Static<typeof ConfirmPasswordResetBody>;
export type TokenPairView = Static<typeof TokenPair>;
export type WebSessionView = Static<typeof WebSession>;
export type CsrfTokenView = Static<typeof CsrfToken>;
export type AcceptedView = Static<typeof Accepted>;
