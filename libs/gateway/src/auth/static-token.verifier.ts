import { ALL_SCOPES, type SkillCaller } from '@skillnest/skills';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import type { StaticTokenEntry } from '../mcp-gateway.options';
import { callerId } from './caller-identity.util';
import type { TokenVerifier } from './token-verifier.interface';
import { tokenCacheKey } from './verified-token.cache';

/**
 * Verifies static bearer tokens. Tokens are kept only as SHA-256 digests, in a Map from digest to
 * caller: a presented token is hashed (`tokenCacheKey`, the digest the verified-token caches use,
 * so the auth hook hashes a token once for every verifier) and looked up.
 *
 * The lookup is not a constant-time comparison, and need not be: its timing can depend only on
 * the presented token's SHA-256 digest (which hash bucket, how many leading bytes a stored digest
 * shares with it), never on the configured token itself. An attacker can learn at most that the
 * digest of a guess shares a prefix with a stored digest; because SHA-256 is preimage-resistant,
 * that says nothing about which token would match, and to get closer they would have to find
 * inputs whose digests share longer prefixes, which is the preimage search itself. This replaces
 * the former `timingSafeEqual` against every digest (the `@fastify/bearer-auth` approach), which
 * cost a SHA-256 through `createHash` plus one comparison per configured token on each request.
 */
export class StaticTokenVerifier implements TokenVerifier {
  private readonly byDigest = new Map<string, SkillCaller>();

  constructor(entries: Array<string | StaticTokenEntry>) {
    entries.forEach((entry, index) => {
      const { token, id, scopes } = typeof entry === 'string' ? { token: entry, id: undefined, scopes: undefined } : entry;
      if (!token || !token.trim()) throw new GatewayConfigError(GatewayMessages.emptyToken(index));
      const digest = tokenCacheKey(token.trim());
      // A token listed twice belongs to its first entry, as when every entry was compared in order.
      if (this.byDigest.has(digest)) return;
      this.byDigest.set(
        digest,
        Object.freeze({
          id: callerId('static', id ?? `token-${index + 1}`),
          authenticated: true,
          // A static token without listed scopes is a trusted service credential: every scope.
          scopes: Object.freeze([...(scopes ?? [ALL_SCOPES])]),
          claims: Object.freeze({ tokenType: 'static' }),
        }),
      );
    });
  }

  get enabled(): boolean {
    return this.byDigest.size > 0;
  }

  accepts(): boolean {
    return this.enabled;
  }

  async verify(token: string): Promise<SkillCaller | undefined> {
    return this.match(token);
  }

  /** The caller of the token whose digest (`tokenCacheKey`) this is, if it is configured. */
  known(key: string): SkillCaller | undefined {
    return this.byDigest.get(key);
  }

  /** The caller the token belongs to, or undefined when no configured token matches. */
  match(token: string): SkillCaller | undefined {
    return this.byDigest.get(tokenCacheKey(token));
  }
}

/**
 * Parses `SKILLNEST_TOKENS`: comma-separated tokens, each optionally named `id=token` so skills
 * see a meaningful caller id, and optionally limited to scopes: `id=token[scope1 scope2]`.
 * Base64 padding only ever ends a token, so a `=` followed by more characters after an
 * identifier marks a name.
 */
export function parseTokenList(value: string | undefined): StaticTokenEntry[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const scoped = /^(.*)\[([^\]]*)\]$/.exec(item);
      const body = scoped ? scoped[1] : item;
      const scopes = scoped ? scoped[2].split(/\s+/).filter(Boolean) : undefined;
      const named = /^([A-Za-z][\w.-]*)=([^=].*)$/.exec(body);
      return { ...(named ? { id: named[1], token: named[2] } : { token: body }), ...(scopes ? { scopes } : {}) };
    });
}
