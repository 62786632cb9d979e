import { randomBytes } from 'node:crypto';
import type { StaticTokenEntry } from '@skillnest/gateway';
import { SkillnestTestingError } from './skillnest-testing.error';
import type { HarnessCallers } from './skills-harness.options';
import { TestingMessages } from './testing.messages';

/**
 * The harness's callers as static tokens: a random token per caller id, made once per harness,
 * given to the gateway as its `tokens` and sent by the clients that connect `as` that caller.
 */
export class HarnessCallerTokens {
  private readonly byId = new Map<string, string>();

  constructor(private readonly callers: HarnessCallers = {}) {
    for (const id of Object.keys(callers)) {
      if (!id.trim()) throw new SkillnestTestingError(TestingMessages.emptyCallerId());
      this.byId.set(id, `skillnest-testing-${randomBytes(18).toString('base64url')}`);
    }
  }

  /** The gateway's `tokens` option; empty when no caller is declared (an unauthenticated gateway). */
  entries(): StaticTokenEntry[] {
    return [...this.byId].map(([id, token]) => ({ id, token, scopes: [...this.callers[id]] }));
  }

  /** The bearer token of a declared caller; an undeclared one is an error naming the declared ones. */
  tokenOf(id: string): string {
    const token = this.byId.get(id);
    if (token === undefined) throw new SkillnestTestingError(TestingMessages.unknownCaller(id, [...this.byId.keys()]));
    return token;
  }
}
