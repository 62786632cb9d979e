import type { FastifyReply } from 'fastify';

/**
 * Sends a JSON-RPC error object with an HTTP status. Used for answers the gateway gives before
 * the MCP layer sees the request (auth, origin, parse and size errors), where no request id is
 * known yet, so `id` is null as JSON-RPC requires; a hook that runs after the body is parsed passes
 * the request's id, since JSON-RPC requires the answer to carry it whenever it can be read.
 */
export function sendJsonRpcError(
  reply: FastifyReply,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
  id: string | number | null = null,
  data?: unknown,
): FastifyReply {
  return reply
    .code(status)
    .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .send(JSON.stringify({ jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } }));
}
