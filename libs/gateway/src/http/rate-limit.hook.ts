import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import type { GatewayRateLimits, RateRefusal } from '../dispatch/gateway-rate-limits';
import type { SkillDispatcher } from '../dispatch/skill-dispatcher';
import type { RateRefusalScope } from '../observe/gateway-refusals';
import { sendJsonRpcError } from './json-rpc-error.reply';

/**
 * The MCP route's budgets, as a `preHandler` (after authentication, so the principal is known,
 * and after the body is parsed, so the tool is): the principal's request budget, then, for a
 * `tools/call`, the tool's budget charged through the dispatcher (`admit`) before the SDK
 * answers, since a refusal must be an HTTP 429 and only this layer can send one. Without a
 * dispatcher (REST), only the principal's budget: the dispatcher charges the tool's itself.
 * `onRefused` hears of every refusal (metrics).
 */
export function rateLimitHook(limits: GatewayRateLimits, dispatcher?: SkillDispatcher, onRefused: (scope: RateRefusalScope, skill?: string) => void = () => undefined) {
  return async function takeBudgets(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const user = (request as AuthenticatedRequest).user;
    const body = request.body as { id?: unknown; method?: unknown; params?: { name?: unknown } } | undefined;
    // The body is parsed here: the refusal answers the request's own id, as JSON-RPC requires.
    const id = dispatcher && (typeof body?.id === 'string' || typeof body?.id === 'number') ? body.id : null;
    const refused = (refusal: RateRefusal | undefined, scope: RateRefusalScope, skill?: string) => {
      if (!refusal) return false;
      onRefused(scope, skill);
      sendJsonRpcError(reply, 429, -32000, refusal.message, { 'retry-after': String(refusal.retryAfterSec) }, id);
      return true;
    };
    if (refused(await limits.takeRequest(user?.id ?? `ip:${request.ip}`), 'principal')) return reply as unknown as void;
    if (!dispatcher || body?.method !== 'tools/call' || typeof body.params?.name !== 'string') return;
    if (refused(await dispatcher.admit(body.params.name, user ?? ANONYMOUS_CALLER), 'skill', body.params.name)) return reply as unknown as void;
  };
}
