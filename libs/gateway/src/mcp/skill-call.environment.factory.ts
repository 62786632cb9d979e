import type { LoggingLevel, ServerContext } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillCallEnvironment, type SkillClient } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';

/** What the gateway carries across `input_required` rounds inside the signed `requestState`. */
export interface RoundState {
  /** Answers gathered in earlier rounds, by request key. */
  a: Record<string, unknown>;
}

/**
 * Builds the invoker's view of one MCP request from the SDK's handler context: who calls, which
 * client, the cancellation signal, the answers gathered so far, and progress and log channels
 * that respect what the client asked for.
 */
export function skillCallEnvironment(ctx: ServerContext, client: SkillClient, defaultTimeoutMs: number): SkillCallEnvironment {
  const auth = ctx.http?.authInfo as CallerAuthInfo | undefined;
  const state = ctx.mcpReq.requestState<RoundState>();
  const earlier = state && typeof state === 'object' && state.a && typeof state.a === 'object' ? state.a : {};
  const progressToken = ctx.mcpReq._meta?.progressToken;
  return {
    caller: auth?.extra?.caller ?? ANONYMOUS_CALLER,
    client,
    requestId: ctx.mcpReq.id,
    signal: ctx.mcpReq.signal,
    answers: { ...earlier, ...(ctx.mcpReq.inputResponses ?? {}) },
    defaultTimeoutMs,
    async progress(done, total, message) {
      if (progressToken === undefined) return;
      await ctx.mcpReq.notify({
        method: 'notifications/progress',
        params: { progressToken, progress: done, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) },
      });
    },
    async log(level: LoggingLevel, message: string, data?: unknown) {
      await ctx.mcpReq.log(level, data === undefined ? message : { message, data });
    },
  };
}
