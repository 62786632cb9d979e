import type { SkillCaller } from '@skillnest/skills';
import { callerFromClaims } from './caller-identity.util';
import { VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';
import { resolveTokenCacheLimits, VerifiedTokenCache, type TokenCacheLimits, type TokenVerdict } from './verified-token.cache';

export interface IntrospectionVerifierOptions {
  /** The RFC 7662 introspection endpoint. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** This server's canonical resource URL: the answer's `aud` must name it (a token without `aud` is refused). */
  audience: string;
  /** How answers are remembered and how many calls may run at once (see `TokenCacheLimits`). */
  limits?: Partial<TokenCacheLimits>;
  /** Time allowed for the introspection call, in ms. Default 2000. */
  timeoutMs?: number;
}

/**
 * Asks the authorization server about opaque tokens (RFC 7662). Answers go through a
 * `VerifiedTokenCache` (keyed by the token's SHA-256; the token itself is never kept): an active
 * token is reused until the earlier of its `exp` and the cache bound, a refused one briefly, and
 * calls are single-flight per token and capped in number. Hand-written because it is one POST;
 * no maintained library does only this.
 */
export class IntrospectionVerifier implements TokenVerifier {
  private readonly cache: VerifiedTokenCache<SkillCaller>;
  private readonly authorization: string;

  constructor(private readonly options: IntrospectionVerifierOptions) {
    this.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
    this.cache = new VerifiedTokenCache(resolveTokenCacheLimits(options.limits ?? {}));
  }

  accepts(): boolean {
    return true;
  }

  verify(token: string): Promise<SkillCaller | undefined> {
    return this.cache.resolve(token, (presented) => this.ask(presented));
  }

  known(key: string): SkillCaller | undefined {
    return this.cache.peek(key);
  }

  private async ask(token: string): Promise<TokenVerdict<SkillCaller>> {
    const answer = await this.introspect(token);
    const expiresAtMs = typeof answer.exp === 'number' ? answer.exp * 1000 : undefined;
    const active = answer.active === true && this.audienceMatches(answer.aud) && !(expiresAtMs !== undefined && expiresAtMs <= Date.now());
    return { value: active ? callerFromClaims(answer as Parameters<typeof callerFromClaims>[0], 'introspection') : undefined, expiresAtMs };
  }

  private async introspect(token: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2_000),
      });
    } catch {
      throw new VerifierUnavailableError('introspection unreachable');
    }
    if (!response.ok) throw new VerifierUnavailableError(`introspection answered ${response.status}`);
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch {
      throw new VerifierUnavailableError('introspection answered no JSON');
    }
  }

  /** RFC 7662 `aud`: one string or a list; it must name this resource exactly, as JWT audiences must. */
  private audienceMatches(aud: unknown): boolean {
    const list = Array.isArray(aud) ? aud : [aud];
    return list.some((entry) => entry === this.options.audience);
  }
}
