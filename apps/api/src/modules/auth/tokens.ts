import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config.js';

const ALGORITHM = 'HS256';

/** What an access token asserts. Role and scope are deliberately absent: they are loaded fresh. */
export interface AccessClaims {
  accountId: string;
  tokenVersion: number;
}

/**
 * Short-lived signed access tokens with the algorithm, issuer and audience pinned on verify:
 * `alg: none`, another algorithm, another issuer or audience, expiry or another key → null.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly config: Config['auth']) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ ver: claims.tokenVersion })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.accountId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number') return null;
      return { accountId: payload.sub, tokenVersion: payload.ver };
    } catch (err) {
      if (err instanceof errors.JOSEError) return null;
      throw err;
    }
  }
}
