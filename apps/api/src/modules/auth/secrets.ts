import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: refresh and password-reset tokens. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as this digest, so a copy of the table cannot be replayed. */
export const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');
