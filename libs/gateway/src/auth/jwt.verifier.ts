import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SkillCaller } from '@skillnest/skills';
import { callerFromClaims } from './caller-identity.util';
import { VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';
import { resolveTokenCacheLimits, VerifiedTokenCache, type TokenCacheLimits, type TokenVerdict } from './verified-token.cache';

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  /** This server's canonical resource URL (RFC 8707): tokens minted for anything else are refused. */
  audience: string;
  /** Accepted signature algorithms. Default: the asymmetric ones (RS/PS/ES, EdDSA); never `none` or HS*. */
  algorithms?: string[];
  /** Allowed clock difference for `exp`/`nbf`, in seconds. Default 30. */
  clockToleranceSec?: number;
  /** Time allowed to fetch the JWKS, in ms. Default 2000. */
  jwksTimeoutMs?: number;
  /** Least time between two JWKS fetches (an unknown `kid` triggers one), in ms. Default 30000. */
  cooldownMs?: number;
  /** How verdicts are remembered (see `TokenCacheLimits`); `maxInFlight` does not apply to a local check. */
  limits?: Partial<Omit<TokenCacheLimits, 'maxInFlight'>>;
}

export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * jose errors that say the issuer's key set could not be had, not that the token is bad: a
 * timeout, a non-200 answer or unparsable body (the bare `JOSEError`, which jose throws only
 * there), a key set that is no key set, and anything that is not jose's (a refused connection).
 */
const isJwksOutage = (error: unknown): boolean =>
  !(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === errors.JOSEError.code;

/**
 * Verifies JWT access tokens with `jose` against the issuer's JWKS: signature with an allowed
 * algorithm, issuer, audience equal to this server's resource URL, `exp`/`nbf` with a small
 * clock skew. Keys are cached; an unknown `kid` triggers a refetch (rotation), at most once per
 * cooldown (30 s by default).
 *
 * Verdicts go through a `VerifiedTokenCache` (keyed by the token's SHA-256, never the token): a
 * signature check costs a hundred microseconds or more, a lookup one. A verified token is reused
 * until the earlier of its `exp` and `maxAgeMs`, a refused one for `refusedMaxAgeMs`; an outage
 * is never remembered. A key removed from the JWKS therefore stops already-verified tokens within
 * `maxAgeMs`, where jose alone notices only at its next key-set fetch (10 minutes at most).
 * There is no cap on verifications in flight: the check is local, so a flood of distinct tokens
 * costs CPU only, one signature check per token, as it did before the cache.
 */
export class JwtVerifier implements TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly cache: VerifiedTokenCache<SkillCaller>;

  constructor(private readonly options: JwtVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: options.jwksTimeoutMs ?? 2_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    this.cache = new VerifiedTokenCache({ ...resolveTokenCacheLimits(options.limits ?? {}), maxInFlight: Number.MAX_SAFE_INTEGER });
  }

  /** Three dot-separated parts (JWS compact form), counted without splitting the token. */
  accepts(token: string): boolean {
    const first = token.indexOf('.');
    const second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return second > 0 && token.indexOf('.', second + 1) < 0;
  }

  verify(token: string): Promise<SkillCaller | undefined> {
    return this.cache.resolve(token, (presented) => this.check(presented));
  }

  known(key: string): SkillCaller | undefined {
    return this.cache.peek(key);
  }

  private async check(token: string): Promise<TokenVerdict<SkillCaller>> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? DEFAULT_JWT_ALGORITHMS,
        clockTolerance: this.options.clockToleranceSec ?? 30,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      // The identity provider could not be asked: that is an outage (503, never remembered), not a bad token.
      if (isJwksOutage(error)) throw new VerifierUnavailableError('JWKS unavailable');
      return { value: undefined };
    }
    // Outside the try: a refusal of the verified claims (no subject) is not an outage.
    return { value: callerFromClaims(payload, 'jwt'), expiresAtMs: (payload.exp as number) * 1000 };
  }
}
