import { Injectable } from '@nestjs/common';

/**
 * Why a request's credentials were refused: what the bearer hook distinguishes (`missing` header,
 * `malformed` header, `token_in_query`, `invalid` token: unknown, expired, wrong audience or
 * issuer; `rejected`: authentic but unusable; the verifier `unavailable` or `busy`), and
 * `insufficient_scope` (a 403 naming the scopes to ask for).
 */
export type AuthFailureReason = 'missing' | 'malformed' | 'token_in_query' | 'invalid' | 'rejected' | 'unavailable' | 'busy' | 'insufficient_scope';

/** Which budget refused: the principal's request budget, or a tool's per-caller budget. */
export type RateRefusalScope = 'principal' | 'skill';

/**
 * The refusals of one gateway's HTTP front door, counted as plain numbers where they are answered
 * (the bearer hook, the SDK's scope challenge, the rate-limit hook) so that metrics can read them
 * at a scrape without the gateway depending on a metrics library. Counting costs a map update on
 * a refusal only; a request that passes costs nothing. Keys are bounded: reasons are a fixed set,
 * and a skill budget only ever refuses a tool that exists.
 */
@Injectable()
export class GatewayRefusals {
  private readonly auth = new Map<AuthFailureReason, number>();
  private readonly rate = new Map<string, number>();

  authFailed(reason: AuthFailureReason): void {
    this.auth.set(reason, (this.auth.get(reason) ?? 0) + 1);
  }

  /** A refused budget; `skill` names the tool for a `skill` budget. */
  rateRefused(scope: RateRefusalScope, skill?: string): void {
    const key = scope === 'skill' ? `skill\u0000${skill ?? ''}` : 'principal';
    this.rate.set(key, (this.rate.get(key) ?? 0) + 1);
  }

  /** Auth failures since the gateway started, by reason. */
  authFailures(): ReadonlyMap<AuthFailureReason, number> {
    return this.auth;
  }

  /** Rate refusals since the gateway started: one entry per budget that refused (principal, or skill and tool). */
  rateRefusals(): Array<{ scope: RateRefusalScope; skill?: string; count: number }> {
    return [...this.rate].map(([key, count]) => (key === 'principal' ? { scope: 'principal', count } : { scope: 'skill', skill: key.slice(6), count }));
  }
}
