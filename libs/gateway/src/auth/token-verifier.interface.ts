import type { SkillCaller } from '@skillnest/skills';

/** Checks one kind of bearer token. */
export interface TokenVerifier {
  /** Whether this verifier should look at `token` at all (a JWT verifier skips opaque tokens). */
  accepts(token: string): boolean;
  /** The caller, or undefined for a token that is not valid (expired, wrong audience, unknown...). */
  verify(token: string): Promise<SkillCaller | undefined>;
}

/**
 * The verifier could not decide (identity provider down, JWKS unreachable, introspection timed
 * out). The request gets 503, never a pass: an outage must not open the door.
 */
export class VerifierUnavailableError extends Error {
  override name = 'VerifierUnavailableError';
}
