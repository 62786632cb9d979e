import type { LoggingLevel, ServerContext } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillCaller, type SkillClient } from '@skillnest/skills';
import type { SkillCallHeaders } from '@skillnest/skills/internal';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import type { DispatchRequest } from '../dispatch/dispatch.types';

const NO_HEADERS: SkillCallHeaders = Object.freeze({});

/** The request's headers as Node spells them, from the SDK's web `Request`. */
function headersOf(ctx: ServerContext): SkillCallHeaders {
  const headers = ctx.http?.req?.headers;
  return headers ? Object.fromEntries(headers.entries()) : NO_HEADERS;
}

/** Who calls, as the bearer hook resolved it (anonymous on an open gateway). */
export function sdkCaller(ctx: ServerContext): SkillCaller {
  return (ctx.http?.authInfo as CallerAuthInfo | undefined)?.extra?.caller ?? ANONYMOUS_CALLER;
}

/** The request's headers, copied on first use. */
export const sdkHeaders =
  (ctx: ServerContext): (() => SkillCallHeaders) =>
  () =>
    headersOf(ctx);

/**
 * Turns the SDK's handler context into the dispatcher's request: who calls, which client, the
 * cancellation signal, the answers gathered so far (`earlier`, from the opened requestState, plus
 * this round's), the real request headers, and progress and log channels that respect what the
 * client asked for. The MCP route charged the per-skill budget before the SDK ran (only HTTP can
 * say 429), so the call is `admitted`; over stdio (`via`) nothing ran before: the dispatcher charges it.
 */
export function sdkDispatchRequest(ctx: ServerContext, client: SkillClient, earlier: Record<string, unknown>): DispatchRequest {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  const via = (ctx.http?.authInfo as CallerAuthInfo | undefined)?.extra?.via;
  let headers: SkillCallHeaders | undefined;
  return {
    caller: sdkCaller(ctx),
    client,
    requestId: ctx.mcpReq.id,
    // Copied from the web `Request` only when a guard, an interceptor or the skill reads them.
    get headers() {
      return (headers ??= headersOf(ctx));
    },
    signal: ctx.mcpReq.signal,
    answers: { ...earlier, ...(ctx.mcpReq.inputResponses ?? {}) },
    admitted: via === undefined,
    ...(via ? { via } : {}),
    trail: (ctx.http?.authInfo as CallerAuthInfo | undefined)?.extra?.trail,
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
