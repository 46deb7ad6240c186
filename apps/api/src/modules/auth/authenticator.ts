import type { Database } from '../../db/client.js';
import type { Authenticator } from '../../http/access.js';
import { loadIdentity } from './identities.js';
import type { AccessTokens } from './tokens.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * `Authorization: Bearer <access token>`. The token only names the account and its token
 * version; role and scope come from the database, so a revoked token (logout, password or role
 * change bumps the version) or a disabled account stops working at once.
 */
export function bearerAuthenticator(deps: { db: Database; tokens: AccessTokens }): Authenticator {
  return async (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) return null;
    const claims = await deps.tokens.verify(match[1]!);
    if (!claims) return null;
    const loaded = await loadIdentity(deps.db, claims.accountId);
    if (!loaded || loaded.disabled || loaded.tokenVersion !== claims.tokenVersion) return null;
    return loaded.identity;
  };
}
