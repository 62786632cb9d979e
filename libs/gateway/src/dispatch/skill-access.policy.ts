import { Injectable } from '@nestjs/common';
import type { SkillCaller, SkillDefinition } from '@skillnest/skills';
import { callerMayUse, missingScopes, type MaybePromise, type SkillCallHeaders } from '@skillnest/skills/internal';
import { SkillEnhancers } from './skill-enhancers';

/** What the caller lacks for a skill: the scopes to ask for (`insufficient_scope`). */
export interface ScopeShortfall {
  readonly scopes: [string, ...string[]];
  readonly description: string;
}

/** The caller and the request headers (possibly a lazy getter) a guard will see. */
export interface CallerWithHeaders {
  readonly caller: SkillCaller;
  readonly headers: SkillCallHeaders;
}

/**
 * Who may use a skill: its scopes (`@Scopes`, `@Public`), then its Nest guards. The dispatcher
 * asks it for calls and the catalog for lists, so a skill is usable exactly where it is listed.
 */
@Injectable()
export class SkillAccessPolicy {
  constructor(private readonly enhancers: SkillEnhancers) {}

  /**
   * Synchronous unless the skill has guards to run (most have none). `who.headers` is read only
   * for guards, so a front door that copies headers lazily pays nothing for a guard-free skill.
   */
  mayUse(skill: SkillDefinition, who: CallerWithHeaders): MaybePromise<boolean> {
    if (!callerMayUse(skill.handler.access, who.caller)) return false;
    return skill.handler.access.guards.length === 0 || this.enhancers.allows(skill, who.caller, who.headers);
  }

  /** The skill's scopes when the caller lacks any of them, to answer 403 `insufficient_scope` (RFC 6750 names the full set); undefined when none is missing. */
  shortfall(skill: SkillDefinition, caller: SkillCaller): ScopeShortfall | undefined {
    if (missingScopes(skill.handler.access, caller).length === 0) return undefined;
    const scopes = skill.handler.access.scopes as [string, ...string[]];
    // The description must fit the RFC 6750 grammar (printable ASCII but `"` and `\`): a name
    // outside it (`Menü du jour`) is spelled with `?` there rather than turn the 403 into a 500.
    const name = skill.name.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
    return { scopes, description: `${skill.kind} ${name} needs scope ${scopes.join(' ')}` };
  }
}
