import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { GatewayMessages } from '../gateway.messages';
import type { DrainGate } from './drain.gate';
import { gatewayErrorHandler } from './gateway-error.handler';
import { registerJsonBodyParser } from './json-body.parser';
import { sendJsonRpcError } from './json-rpc-error.reply';

export interface McpRouteOptions {
  path: string;
  maxBodyBytes: number;
  /** Run before the body is read, in order (Origin/Host, then auth). */
  onRequest: onRequestHookHandler[];
  /** Refuses requests during shutdown and counts the ones in flight. */
  drain: DrainGate;
  /** The SDK's Node handler; it writes the response itself. */
  serve: (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => Promise<void>;
}

/**
 * Registers the MCP endpoint in its own Fastify encapsulation scope, so its body parser and
 * error handler apply to it alone and never change the rest of the app's routes.
 */
export function registerMcpRoute(fastify: FastifyInstance, options: McpRouteOptions): void {
  void fastify.register(async (scope) => {
    registerJsonBodyParser(scope, options.maxBodyBytes);
    scope.setErrorHandler(gatewayErrorHandler(options.maxBodyBytes));
    scope.route({
      method: ['POST', 'GET', 'DELETE'],
      url: options.path,
      bodyLimit: options.maxBodyBytes,
      onRequest: [options.drain.hook, ...options.onRequest],
      handler: async (request, reply) => {
        if (Array.isArray(request.body)) {
          // Batching left the protocol in 2025-06-18; one message per POST keeps auth, limits
          // and cancellation per request.
          return sendJsonRpcError(reply, 400, -32600, GatewayMessages.batchNotSupported());
        }
        reply.hijack();
        options.drain.track(reply.raw);
        await options.serve(request.raw, reply.raw, request.body);
      },
    });
  });
}
