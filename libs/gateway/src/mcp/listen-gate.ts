import type { Logger } from '@nestjs/common';
import { ResourceNotFoundError, type McpHandlerRequestOptions, type ProtocolError } from '@modelcontextprotocol/server';
import { ANONYMOUS_CALLER, type SkillCaller } from '@skillnest/skills';
import type { CallerAuthInfo } from '../auth/bearer-auth.hook';
import type { ListenLimits, SubscriptionLimits } from '../config/session-limits';
import type { CallerWithHeaders } from '../dispatch/skill-access.policy';
import { GatewayMessages } from '../gateway.messages';
import { heldWhileOpen } from '../session/held-while-open';
import { limitRefusal, refusalResponse, STREAM_RETRY_AFTER_MS } from '../session/limit-refusal';
import { StreamQuota } from '../session/stream-quota';
import { ThrottledWarnings } from '../session/throttled-warnings';
import { tooManySubscriptions, uriTooLong } from './resource-subscriptions';

type Fetch = (request: Request, options?: McpHandlerRequestOptions) => Promise<Response>;
type ListenBody = { method?: unknown; id?: unknown; params?: { notifications?: { resourceSubscriptions?: unknown } } };

/**
 * In front of the SDK's `subscriptions/listen` (2026-07-28): each stream takes a place under this
 * replica's caps for as long as it is open, `maxStreams` in all and `maxStreamsPerPrincipal` per
 * principal (the SDK's own cap is one global count, and answers -32603, an internal error; it is
 * set to ours, which decides first). A refusal is HTTP 429 (the caller's share) or 503 (the
 * server is full) with -32000 and `Retry-After`, before the SDK opens anything. The filter's
 * `resourceSubscriptions` are bounded and checked as `resources/subscribe` checks a URI,
 * answered in-band (HTTP 200) as the SDK answers a filter it cannot take.
 */
export class ListenGate {
  private readonly quota: StreamQuota;
  private readonly warnings: ThrottledWarnings;

  constructor(
    private readonly limits: ListenLimits,
    private readonly subscriptions: SubscriptionLimits,
    private readonly mayRead: (uri: string, who: CallerWithHeaders) => Promise<boolean>,
    logger: Logger,
  ) {
    this.quota = new StreamQuota(limits.maxStreams, limits.maxStreamsPerPrincipal);
    this.warnings = new ThrottledWarnings(logger);
  }

  /** `subscriptions/listen` streams open on this replica. */
  get open(): number {
    return this.quota.open;
  }

  async serve(request: Request, options: McpHandlerRequestOptions | undefined, next: Fetch): Promise<Response> {
    const body = options?.parsedBody as ListenBody | undefined;
    if (request.method !== 'POST' || body?.method !== 'subscriptions/listen') return next(request, options);
    const caller: SkillCaller = (options?.authInfo as CallerAuthInfo | undefined)?.extra?.caller ?? ANONYMOUS_CALLER;
    const problem = await this.filterProblem(body, { caller, headers: Object.fromEntries(request.headers.entries()) });
    if (problem)
      return Response.json({ jsonrpc: '2.0', id: body.id ?? null, error: { code: problem.code, message: problem.message, ...(problem.data ? { data: problem.data } : {}) } });
    const place = this.quota.take(caller.id);
    if (typeof place !== 'function') {
      const own = place === 'principal';
      const [limit, max] = own ? ['maxStreamsPerPrincipal', this.limits.maxStreamsPerPrincipal] : ['maxStreams', this.limits.maxStreams];
      this.warnings.warn(limit, () => GatewayMessages.sharedCapReached(`Listen stream cap ${limit}`, max, own ? caller.id : undefined));
      const message = own ? GatewayMessages.tooManyOwnStreams(max) : GatewayMessages.tooManyStreams();
      return refusalResponse(limitRefusal(place, message, limit, max, STREAM_RETRY_AFTER_MS, body.id));
    }
    try {
      return heldWhileOpen(await next(request, options), place, request.signal);
    } catch (error) {
      place();
      throw error;
    }
  }

  /** What is wrong with the filter's resource URIs, if anything; the SDK checks the rest of it. */
  private async filterProblem(body: ListenBody, who: CallerWithHeaders): Promise<ProtocolError | undefined> {
    const uris = body.params?.notifications?.resourceSubscriptions;
    if (!Array.isArray(uris)) return undefined;
    if (new Set(uris).size > this.subscriptions.maxPerSession) return tooManySubscriptions(this.subscriptions);
    for (const uri of uris) if (typeof uri === 'string' && uriTooLong(uri, this.subscriptions)) return uriTooLong(uri, this.subscriptions);
    for (const uri of uris) if (typeof uri === 'string' && !(await this.mayRead(uri, who))) return new ResourceNotFoundError(uri);
    return undefined;
  }
}
