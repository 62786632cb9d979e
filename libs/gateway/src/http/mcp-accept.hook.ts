import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsJsonAndSse } from '../mcp/fast-answer';
import { GatewayMessages } from '../gateway.messages';
import { sendJsonRpcError } from './json-rpc-error.reply';

/** The SDK's code for it: a server error, the request never reached JSON-RPC. */
const NOT_ACCEPTABLE = -32000;

/**
 * Streamable HTTP requires a POST to accept both `application/json` and `text/event-stream`. The
 * SDK's 2025 transport refuses one that does not with 406; its 2026-07-28 path does not look, so
 * this hook refuses it on every wire, with the SDK's status, code and message, before the body is
 * read. Like the SDK, it reads the header as text: a wildcard alone (`*\/*`) is not enough.
 */
export function mcpAcceptHook(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (request.method !== 'POST' || acceptsJsonAndSse(request.headers.accept)) {
    done();
    return;
  }
  sendJsonRpcError(reply, 406, NOT_ACCEPTABLE, GatewayMessages.notAcceptable());
}
