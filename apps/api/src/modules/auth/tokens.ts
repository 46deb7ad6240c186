import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { validate as isUuid } from 'uuid';
import type { Config } from '../../config.js';

const ALGORITHM = 'HS256';
/**
 * How far the clock of the instance that signed a token may run ahead of ours (NTP keeps servers
 * within a second; a minute is ample and small beside the TTL). It bounds a future `iat` and is
 * the allowance on a token's lifetime; `exp` itself is checked exactly, never extended.
 */
export const CLOCK_SKEW_SECONDS = 60;

/** What an access token asserts. Role and scope are deliberately absent: they are loaded fresh. */
export interface AccessClaims {
  accountId: string;
  tokenVersion: number;
}

/**
 * Short-lived signed access tokens with the algorithm, issuer and audience pinned on verify:
 * `alg: none`, another algorithm, another issuer or audience, expiry or another key → null; so
 * is a signed token that this app would never have issued (see `plausible`).
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
      if (!this.plausible(payload)) return null;
      return { accountId: payload.sub, tokenVersion: payload.ver };
    } catch (err) {
      if (err instanceof errors.JOSEError) return null;
      throw err;
    }
  }

  /** A UUID subject, a version, a lifetime within the TTL and an `iat` not in the future. */
  private plausible(
    payload: JWTPayload,
  ): payload is JWTPayload & { sub: string; ver: number; iat: number; exp: number } {
    const { sub, ver, iat, exp } = payload;
    if (typeof sub !== 'string' || !isUuid(sub) || !Number.isInteger(ver)) return false;
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    const now = Math.floor(Date.now() / 1000);
    return (
      iat <= now + CLOCK_SKEW_SECONDS &&
      exp - iat <= this.config.accessTokenTtlSeconds + CLOCK_SKEW_SECONDS
    );
  }
}
