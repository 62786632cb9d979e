import { GatewayMessages } from '../gateway.messages';

/**
 * Why a parsed JSON-RPC message cannot be served, or undefined when its envelope is sound; run
 * on every POST body before the fast path and the SDK, so both wires of both paths refuse alike.
 *
 * MCP ids are strings or integers, never null (a request) and never a fraction; an integer
 * beyond 2^53 does not survive a round trip through JSON numbers, so it could not be echoed back
 * as the id the client sent. A response the client sends to the server's request may carry a
 * null id, as JSON-RPC allows for an error about an unreadable request. Other defects (no
 * `jsonrpc`, no `method`) stay the SDK's to answer in its own words.
 */
export function envelopeProblem(message: unknown): string | undefined {
  if (message === null || typeof message !== 'object' || Array.isArray(message) || !('id' in message)) return undefined;
  const { id } = message as { id: unknown };
  if (typeof id === 'string' || Number.isSafeInteger(id)) return undefined;
  if (id === null && !('method' in message)) return undefined;
  return GatewayMessages.invalidRequestId();
}
