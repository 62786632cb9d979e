import { createHash } from 'node:crypto';
import type { SkillCaller } from '@skillnest/skills';
import { callerFromClaims } from './jwt.verifier';
import { VerifierUnavailableError, type TokenVerifier } from './token-verifier.interface';

export interface IntrospectionVerifierOptions {
  /** The RFC 7662 introspection endpoint. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** This server's canonical resource URL; a token whose `aud` names something else is refused. */
  audience?: string;
  /** How long an answer is reused, in ms (capped by the token's `exp`). Default 30000. */
  cacheMs?: number;
  /** Time allowed for the introspection call, in ms. Default 2000. */
  timeoutMs?: number;
}

const MAX_CACHED = 10_000;

/**
 * Asks the authorization server about opaque tokens (RFC 7662) and remembers the answer briefly,
 * keyed by the token's SHA-256 (the token itself is never kept). Hand-written because it is one
 * POST; no maintained library does only this.
 */
export class IntrospectionVerifier implements TokenVerifier {
  private readonly cache = new Map<string, { caller: SkillCaller | undefined; until: number }>();
  private readonly authorization: string;

  constructor(private readonly options: IntrospectionVerifierOptions) {
    this.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
  }

  accepts(): boolean {
    return true;
  }

  async verify(token: string): Promise<SkillCaller | undefined> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.caller;
    const answer = await this.introspect(token);
    const active = answer.active === true && this.audienceMatches(answer.aud) && !(typeof answer.exp === 'number' && answer.exp * 1000 <= Date.now());
    const caller = active ? callerFromClaims(answer as Parameters<typeof callerFromClaims>[0]) : undefined;
    const ttl = Math.min(this.options.cacheMs ?? 30_000, typeof answer.exp === 'number' ? answer.exp * 1000 - Date.now() : Infinity);
    if (ttl > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { caller, until: Date.now() + ttl });
    }
    return caller;
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

  private audienceMatches(aud: unknown): boolean {
    if (!this.options.audience || aud === undefined) return true;
    const list = Array.isArray(aud) ? aud.map(String) : [String(aud)];
    return list.includes(this.options.audience);
  }
}
