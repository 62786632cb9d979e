import { Injectable } from '@nestjs/common';
import type { AuthInfo, JSONRPCRequest, ScopeChallenge } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillDefinition } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import { SkillAccessPolicy } from '../dispatch/skill-access.policy';
import { GatewayRefusals } from '../observe/gateway-refusals';
import { GatewaySkills } from './gateway-skills';

/**
 * Which skill a request names, for the SDK's pre-dispatch `insufficient_scope` challenge
 * (HTTP 403 with the scopes to ask for): the same view and the same access policy the
 * dispatcher uses, and completion counts as using the prompt or template it completes. Each
 * challenge is a refusal the SDK answers (403), counted as an `insufficient_scope` auth failure.
 */
@Injectable()
export class ScopeChallenges {
  constructor(
    private readonly skills: GatewaySkills,
    private readonly access: SkillAccessPolicy,
    private readonly refusals: GatewayRefusals,
  ) {}

  readonly resolver = (request: JSONRPCRequest, authInfo: AuthInfo | undefined): ScopeChallenge | undefined => {
    const skill = this.skillNamedBy(request);
    if (!skill) return undefined;
    const shortfall = this.access.shortfall(skill, (authInfo as CallerAuthInfo | undefined)?.extra?.caller ?? ANONYMOUS_CALLER);
    if (!shortfall) return undefined;
    this.refusals.authFailed('insufficient_scope');
    return { scopes: shortfall.scopes, errorDescription: shortfall.description };
  };

  private skillNamedBy(request: JSONRPCRequest): SkillDefinition | undefined {
    const params = (request.params ?? {}) as { name?: unknown; uri?: unknown; ref?: { type?: unknown; name?: unknown; uri?: unknown } };
    switch (request.method) {
      case 'tools/call':
        return typeof params.name === 'string' ? this.skills.tool(params.name) : undefined;
      case 'prompts/get':
        return typeof params.name === 'string' ? this.skills.prompt(params.name) : undefined;
      case 'resources/read':
        return typeof params.uri === 'string' ? this.skills.resource(params.uri) : undefined;
      case 'completion/complete': {
        const ref = params.ref;
        if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') return this.skills.prompt(ref.name);
        if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') return this.skills.resourceTemplateByUri(ref.uri);
        return undefined;
      }
      default:
        return undefined;
    }
  }
}
