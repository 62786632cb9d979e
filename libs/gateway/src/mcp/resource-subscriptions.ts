import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type ServerContext } from '@modelcontextprotocol/server';
import type { SubscriptionLimits } from '../config/session-limits';
import { GatewayMessages } from '../gateway.messages';
import type { SkillnestMcpServer } from './skillnest-mcp.server';

/** Whether the caller of `ctx` may read `uri`: the test `resources/read` applies, without reading. */
export type MayRead = (uri: string, ctx: ServerContext) => Promise<boolean>;

/** A URI too long to keep: invalid params, said before anything else is looked at (or echoed). */
export function uriTooLong(uri: string, limits: SubscriptionLimits): ProtocolError | undefined {
  return uri.length > limits.maxUriLength ? new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.subscriptionUriTooLong(limits.maxUriLength)) : undefined;
}

/** One subscription too many for one subscriber: a limit (-32000, as every cap of the gateway), not a malformed request. */
export function tooManySubscriptions(limits: SubscriptionLimits): ProtocolError {
  return new ProtocolError(-32000 as ProtocolErrorCode, GatewayMessages.tooManySubscriptions(limits.maxPerSession), { limit: 'maxPerSession', max: limits.maxPerSession });
}

/**
 * `resources/subscribe` and `resources/unsubscribe`. A subscription is kept only by a live
 * legacy session (`SkillnestMcpServer.subscriptions`); a stateless exchange has nothing to keep
 * but is checked the same way. A subscription is a URI held in memory until the session ends
 * and a promise to tell about its changes, so it is bounded in length and number, and granted
 * only for what the caller may read: an unknown URI and a forbidden one get the same -32602
 * `resources/read` answers for an unknown one, so subscribing tells nothing about what exists.
 */
export function installSubscriptionHandlers(mcp: SkillnestMcpServer, limits: SubscriptionLimits, mayRead: MayRead): void {
  mcp.server.setRequestHandler('resources/subscribe', async (req, ctx) => {
    const { uri } = req.params;
    const tooLong = uriTooLong(uri, limits);
    if (tooLong) throw tooLong;
    const held = mcp.subscriptions;
    if (held && !held.has(uri) && held.size >= limits.maxPerSession) throw tooManySubscriptions(limits);
    if (!(await mayRead(uri, ctx))) throw new ResourceNotFoundError(uri);
    held?.add(uri);
    return {};
  });
  mcp.server.setRequestHandler('resources/unsubscribe', async (req) => {
    mcp.subscriptions?.delete(req.params.uri);
    return {};
  });
}
