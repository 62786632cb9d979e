import { hash } from 'node:crypto';
import { LruMap } from 'toad-cache';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { AuthMessages } from './auth.messages';
import { InvalidTokenError, VerifierBusyError } from './token-verifier.interface';

/** Limits of a `VerifiedTokenCache`, every one resolved (see `resolveTokenCacheLimits`). */
export interface TokenCacheLimits {
  /** Verified tokens remembered at most; the least recently used goes first. */
  maxEntries: number;
  /** Longest a verified token is reused, in ms; its own `exp` ends it sooner. 0: never reused. */
  maxAgeMs: number;
  /** Refused tokens remembered at most, apart from the verified ones. */
  refusedMaxEntries: number;
  /** How long a refusal is reused, in ms. 0: never reused. */
  refusedMaxAgeMs: number;
  /** Verifications of distinct tokens that may run at once; one more is refused as busy. */
  maxInFlight: number;
}

export const DEFAULT_TOKEN_CACHE_LIMITS: TokenCacheLimits = { maxEntries: 10_000, maxAgeMs: 30_000, refusedMaxEntries: 1_000, refusedMaxAgeMs: 5_000, maxInFlight: 32 };

/** The settings behind each limit, for the startup message that names the wrong one. */
const SETTINGS: Record<keyof TokenCacheLimits, string> = {
  maxEntries: 'tokenCache.maxEntries (SKILLNEST_TOKEN_CACHE_MAX)',
  maxAgeMs: 'tokenCache.maxAgeMs (SKILLNEST_TOKEN_CACHE_MS)',
  refusedMaxEntries: 'tokenCache.refusedMaxEntries (SKILLNEST_TOKEN_REFUSED_CACHE_MAX)',
  refusedMaxAgeMs: 'tokenCache.refusedMaxAgeMs (SKILLNEST_TOKEN_REFUSED_CACHE_MS)',
  maxInFlight: 'introspection.maxInFlight (SKILLNEST_INTROSPECTION_MAX_IN_FLIGHT)',
};

/** The limits with defaults applied; a value that is not a whole number in range fails at startup, naming its setting. */
export function resolveTokenCacheLimits(given: Partial<TokenCacheLimits>): TokenCacheLimits {
  const limits = { ...DEFAULT_TOKEN_CACHE_LIMITS };
  for (const name of Object.keys(SETTINGS) as Array<keyof TokenCacheLimits>) {
    const value = given[name];
    if (value === undefined) continue;
    // Ages may be 0 (no reuse); a cache or a concurrency of 0 entries would refuse everything.
    const least = name.endsWith('AgeMs') ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < least) throw new GatewayConfigError(AuthMessages.invalidTokenCacheLimit(SETTINGS[name], value, least));
    limits[name] = value;
  }
  return limits;
}

/** What a verification concluded: the principal, or undefined for a refused token; `expiresAtMs` from the token's `exp`. */
export interface TokenVerdict<T> {
  value: T | undefined;
  expiresAtMs?: number;
}

/**
 * The key a token is remembered under: its SHA-256, so the cache never holds a credential. Only a
 * collision-resistant digest will do: a hit hands out the cached principal, so two tokens with
 * one key would be one caller (a fast non-cryptographic hash could be steered into a collision).
 * The one-shot `hash()` with a 32-character binary string is the cheapest form of it (about half
 * the cost of `createHash().update().digest('base64url')` for a 1 KB JWT, ~1 us here).
 */
export const tokenCacheKey = (token: string): string => hash('sha256', token, 'binary');

/**
 * Remembers what verifying a bearer token concluded, for any verifier whose check costs (an
 * introspection call; a JWT signature). Verified tokens and refused ones live in two separate
 * LRU maps (`toad-cache`, Fastify's own), so a flood of random tokens only churns the small,
 * short-lived refused map and never pushes a good token out. Concurrent requests with one token
 * share one verification (single flight), and at most `maxInFlight` distinct tokens are verified
 * at once: the next one gets `VerifierBusyError` (503 with Retry-After) instead of another call.
 * An outage (`VerifierUnavailableError`) is never remembered.
 */
export class VerifiedTokenCache<T> {
  private readonly verified: LruMap<{ value: T; until: number }>;
  /** A refusal with a reason keeps it, so the cached answer says the same as the first. */
  private readonly refused: LruMap<InvalidTokenError | null>;
  private readonly inFlight = new Map<string, Promise<T | undefined>>();

  constructor(private readonly limits: TokenCacheLimits) {
    // No TTL of the map's own: every entry carries its `until` (at most maxAgeMs away), checked on
    // each hit, so the map's second clock read per lookup would only repeat it.
    this.verified = new LruMap(limits.maxEntries);
    this.refused = new LruMap(limits.refusedMaxEntries, limits.refusedMaxAgeMs);
  }

  /** How many tokens are being verified right now (for tests and metrics). */
  get verifying(): number {
    return this.inFlight.size;
  }

  /** The remembered principal of the token whose `tokenCacheKey` this is, while it is valid; undefined otherwise (refused or unknown). */
  peek(key: string): T | undefined {
    const hit = this.verified.get(key);
    if (hit === undefined) return undefined;
    if (hit.until > Date.now()) return hit.value;
    this.verified.delete(key);
    return undefined;
  }

  /** The remembered principal of `token`, or `verify`'s verdict, remembered for next time. */
  async resolve(token: string, verify: (token: string) => Promise<TokenVerdict<T>>): Promise<T | undefined> {
    const key = tokenCacheKey(token);
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const refusal = this.refused.get(key);
    if (refusal !== undefined) {
      if (refusal) throw refusal;
      return undefined;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    if (this.inFlight.size >= this.limits.maxInFlight) throw new VerifierBusyError('too many verifications in flight');
    const run = this.verifyAndRemember(key, token, verify).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async verifyAndRemember(key: string, token: string, verify: (token: string) => Promise<TokenVerdict<T>>): Promise<T | undefined> {
    let verdict: TokenVerdict<T>;
    try {
      verdict = await verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError && this.limits.refusedMaxAgeMs > 0) this.refused.set(key, error);
      throw error;
    }
    if (verdict.value === undefined) {
      if (this.limits.refusedMaxAgeMs > 0) this.refused.set(key, null);
      return undefined;
    }
    const until = Math.min(Date.now() + this.limits.maxAgeMs, verdict.expiresAtMs ?? Infinity);
    if (until > Date.now()) this.verified.set(key, { value: verdict.value, until });
    return verdict.value;
  }
}
