import type { SkillCaller } from '@skillnest/skills';

/** Checks one kind of bearer token. */
export interface TokenVerifier {
  /** Whether this verifier should look at `token` at all (a JWT verifier skips opaque tokens). */
  accepts(token: string): boolean;
  /** The caller, or undefined for a token that is not valid (expired, wrong audience, unknown...). */
  verify(token: string): Promise<SkillCaller | undefined>;
  /**
   * The caller of a token this verifier has verified and still vouches for (a configured static
   * token, a remembered verdict), found by the token's digest (`tokenCacheKey`) at once, without
   * a promise; undefined means "ask `verify`", never "refused".
   */
  known?(key: string): SkillCaller | undefined;
}

/**
 * The verifier could not decide (identity provider down, JWKS unreachable, introspection timed
 * out). The request gets 503, never a pass: an outage must not open the door.
 */
export class VerifierUnavailableError extends Error {
  override name = 'VerifierUnavailableError';
}

/**
 * Too many tokens are being verified at once (a flood of distinct tokens): the request gets 503
 * with a short Retry-After instead of one more call to the identity provider.
 */
export class VerifierBusyError extends VerifierUnavailableError {
  override name = 'VerifierBusyError';
}

/**
 * The token is authentic but unusable for a reason worth telling the client (RFC 6750
 * `error_description`); it is refused with 401 `invalid_token`, and no other verifier is asked.
 */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
  constructor(readonly description: string) {
    super(description);
  }
}
