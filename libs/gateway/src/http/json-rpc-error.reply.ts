import type { FastifyReply } from 'fastify';

/**
 * Sends a JSON-RPC error object with an HTTP status. Used for answers the gateway gives before
 * the MCP layer sees the request (auth, origin, parse and size errors), where no request id is
 * known yet, so `id` is null as JSON-RPC requires.
 */
export function sendJsonRpcError(reply: FastifyReply, status: number, code: number, message: string, headers: Record<string, string> = {}): FastifyReply {
  return reply
    .code(status)
    .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}
