import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SkillCaller } from '@skillnest/skills';
import { callerFromClaims } from './caller-identity.util';
import { VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';

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
}

export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies JWT access tokens with `jose` against the issuer's JWKS: signature with an allowed
 * algorithm, issuer, audience equal to this server's resource URL, `exp`/`nbf` with a small
 * clock skew. Keys are cached; an unknown `kid` triggers a refetch (rotation), at most once per
 * cooldown (30 s by default).
 */
export class JwtVerifier implements TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: JwtVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: options.jwksTimeoutMs ?? 2_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  }

  accepts(token: string): boolean {
    return token.split('.').length === 3;
  }

  async verify(token: string): Promise<SkillCaller | undefined> {
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
      // The identity provider could not be asked: that is an outage, not a bad token. jose reports
      // a JWKS answered with an HTTP error or unreadable JSON as a plain JOSEError (its subclasses
      // are about the token), and a key set of the wrong shape as JWKSInvalid.
      const jwksFailed = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === errors.JOSEError.code);
      if (jwksFailed || !(error instanceof errors.JOSEError)) {
        throw new VerifierUnavailableError('JWKS unavailable');
      }
      return undefined;
    }
    // Outside the try: a refusal of the verified claims (no subject) is not an outage.
    return callerFromClaims(payload, 'jwt');
  }
}
