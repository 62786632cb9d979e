import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { SkillCaller, SkillContext, SkillDefinition } from '@skillnest/skills';
import type { SkillCallHeaders } from '@skillnest/skills/internal';

/** `context.getType()` of every execution context a skill's enhancers receive. */
export const MCP_CONTEXT_TYPE = 'mcp';

/**
 * What a guard or interceptor of a skill can read about the call. Also the first argument of
 * the context (`context.switchToHttp().getRequest()`), so guards written for controllers that
 * read `request.user` and `request.headers` work unchanged.
 */
export interface SkillRequest {
  readonly user: SkillCaller;
  readonly caller: SkillCaller;
  /** The real request headers (empty for front doors without HTTP, such as stdio). */
  readonly headers: SkillCallHeaders;
  readonly skill: { readonly kind: SkillDefinition['kind']; readonly name: string };
  /** The validated input, for interceptors (guards run before validation and see none). */
  readonly input?: unknown;
  readonly ctx?: SkillContext;
}

/**
 * The execution context of a skill's guards and interceptors: type `mcp`, the skill's class
 * and method as handler (so `Reflector` metadata works), and the `SkillRequest` as argument 0.
 */
export function skillExecutionContext(skill: SkillDefinition, request: SkillRequest): ExecutionContext {
  const context = new ExecutionContextHost([request, request.ctx], skill.handler.providerClass as never, skill.handler.method as never);
  context.setType(MCP_CONTEXT_TYPE);
  return context;
}

/** The call behind an `mcp` execution context (undefined for any other context type). */
export function skillRequestOf(context: ExecutionContext): SkillRequest | undefined {
  return context.getType<string>() === MCP_CONTEXT_TYPE ? context.getArgByIndex<SkillRequest>(0) : undefined;
}
