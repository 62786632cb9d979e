import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayMessages } from '../gateway.messages';

const INVALID_REQUEST = -32600;

/** What Node's HTTP parser raises for a connection whose request never became a request. */
function statusFor(code: string | undefined): 408 | 431 | 400 {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

/**
 * The server's `clientError` handler (Fastify's `clientErrorHandler`): a request that was too
 * slow, had headers too large, or was no HTTP at all is answered like every other refusal of the
 * gateway, a status with a JSON-RPC error (`id` null, no id was read), instead of Fastify's own
 * body; then the connection is closed. Nothing of the client's bytes is echoed or logged.
 */
export function clientErrorHandler(timeouts: { requestTimeoutMs: number; headersTimeoutMs: number }) {
  return function answerClientError(error: Error & { code?: string }, socket: Socket): void {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // As Node does: never write into a response already under way (the route answered early, a 401 say).
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const status = statusFor(error.code);
      const message =
        status === 408
          ? GatewayMessages.requestTimeout(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs)
          : status === 431
            ? GatewayMessages.headersTooLarge()
            : GatewayMessages.malformedHttp();
      const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message } });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
