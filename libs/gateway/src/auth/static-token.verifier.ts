import { createHash, timingSafeEqual } from 'node:crypto';
import { ALL_SCOPES, type SkillCaller } from '@skillnest/skills';
import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';
import type { StaticTokenEntry } from '../mcp-gateway.options';
import { callerId } from './caller-identity.util';
import type { TokenVerifier } from './token-verifier.interface';

interface HashedToken {
  digest: Buffer;
  caller: SkillCaller;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Verifies static bearer tokens. Tokens are kept only as SHA-256 digests, and a presented token is
 * hashed first and then compared with every digest by `timingSafeEqual`, without stopping at a
 * match: equal-length digests make the comparison time independent of the token's length and
 * content, and of which entry matched (the approach of `@fastify/bearer-auth`).
 */
export class StaticTokenVerifier implements TokenVerifier {
  private readonly tokens: HashedToken[];

  constructor(entries: Array<string | StaticTokenEntry>) {
    this.tokens = entries.map((entry, index) => {
      const { token, id, scopes } = typeof entry === 'string' ? { token: entry, id: undefined, scopes: undefined } : entry;
      if (!token || !token.trim()) throw new GatewayConfigError(GatewayMessages.emptyToken(index));
      return {
        digest: sha256(token.trim()),
        caller: Object.freeze({
          id: callerId('static', id ?? `token-${index + 1}`),
          authenticated: true,
          // A static token without listed scopes is a trusted service credential: every scope.
          scopes: Object.freeze([...(scopes ?? [ALL_SCOPES])]),
          claims: Object.freeze({ tokenType: 'static' }),
        }),
      };
    });
  }

  get enabled(): boolean {
    return this.tokens.length > 0;
  }

  accepts(): boolean {
    return this.enabled;
  }

  async verify(token: string): Promise<SkillCaller | undefined> {
    return this.match(token);
  }

  /** The caller the token belongs to, or undefined when no configured token matches. */
  match(token: string): SkillCaller | undefined {
    const digest = sha256(token);
    let found: SkillCaller | undefined;
    for (const candidate of this.tokens) {
      if (timingSafeEqual(candidate.digest, digest) && !found) found = candidate.caller;
    }
    return found;
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
