import { ALL_SCOPES, type SkillCaller } from '../interfaces/skill-context.interface';
import type { SkillAccess } from '../interfaces/skill-access.interface';

/** The scopes of `access` the caller lacks (empty when it may use the skill, guards aside). */
export function missingScopes(access: SkillAccess, caller: SkillCaller): string[] {
  if (access.public || access.scopes.length === 0 || caller.scopes.includes(ALL_SCOPES)) return [];
  return access.scopes.filter((scope) => !caller.scopes.includes(scope));
}

/** Whether the caller's scopes allow the skill; guards, which need DI, are the gateway's job. */
export function callerMayUse(access: SkillAccess, caller: SkillCaller): boolean {
  return missingScopes(access, caller).length === 0;
}
