import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { CallCancellation, isThenable, type MaybePromise } from '@skillnest/skills/internal';
import type { FastAnswer } from '../mcp/fast-answer';
import { clientGone } from './client-gone';
import { corsHook } from './cors.hook';
import { GatewayMessages } from '../gateway.messages';
import type { DrainGate } from './drain.gate';
import { gatewayErrorHandler } from './gateway-error.handler';
import { registerJsonBodyParser } from './json-body.parser';
import { sendJsonRpcError } from './json-rpc-error.reply';
import { envelopeProblem } from './json-rpc-envelope.check';
import { modernRequestGaps } from '../mcp/modern-request-gaps';
import { mcpAcceptHook } from './mcp-accept.hook';
import { passTrailToSdk } from '../observe/logs/sdk-trail.util';
import { withRequestSpan, type RequestSpanWrapper } from '../observe/tracing/with-request-span.util';

export interface McpRouteOptions {
  path: string;
  /** Run first, before CORS and the drain (the request log, which logs refusals too). */
  first?: onRequestHookHandler[];
  maxBodyBytes: number;
  /** Run before the body is read, in order (Origin/Host, then auth). */
  onRequest: onRequestHookHandler[];
  /** Refuses requests during shutdown and counts the ones in flight. */
  drain: DrainGate;
  /** Run after the body is parsed (rate limits, which need the tool name). */
  preHandler: preHandlerHookHandler[];
  /** Browser origins allowed by CORS. */
  isAllowedOrigin: (origin: string) => boolean;
  /** Answers common requests without the SDK (`McpFastPath`); undefined hands them on. */
  fast?: (request: FastifyRequest, cancellation: CallCancellation) => MaybePromise<FastAnswer | undefined>;
  /** The SDK's Node handler; it writes the response itself. */
  serve: (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => Promise<void>;
  /** Runs each request inside its trace span (`RequestSpans.mcp`); undefined: not traced. */
  traceRequest?: RequestSpanWrapper;
}

/**
 * Node holds response headers back until the first body byte. An SSE stream (the legacy GET
 * stream, say) may not write anything for a long time, and a client waits for the headers before
 * it treats the stream as open, so those are sent at once. JSON answers are left alone: their
 * headers go out with the body in one packet.
 */
function flushEventStreamHeaders(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const result = writeHead(...args);
    const headers = args.find((arg) => arg && typeof arg === 'object') as Record<string, unknown> | undefined;
    const type = headers?.['content-type'] ?? headers?.['Content-Type'] ?? res.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/event-stream')) res.flushHeaders();
    return result;
  }) as ServerResponse['writeHead'];
}

/**
 * A stream that only carries notifications: a legacy session's GET stream or a 2026-07-28
 * `subscriptions/listen`. It is not work in flight, so the drain does not wait for it (it would
 * never end by itself); shutdown closes it once the real work has drained.
 */
function isNotificationStream(request: FastifyRequest): boolean {
  return request.method === 'GET' || (request.body as { method?: unknown } | undefined)?.method === 'subscriptions/listen';
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
      method: ['POST', 'GET', 'DELETE', 'OPTIONS'],
      url: options.path,
      bodyLimit: options.maxBodyBytes,
      onRequest: [...(options.first ?? []), corsHook(options.isAllowedOrigin), options.drain.hook, ...options.onRequest, mcpAcceptHook],
      preHandler: options.preHandler,
      handler: withRequestSpan(options.traceRequest, async (request, reply) => {
        if (Array.isArray(request.body)) {
          // Batching left the protocol in 2025-06-18; one message per POST keeps auth, limits
          // and cancellation per request.
          return sendJsonRpcError(reply, 400, -32600, GatewayMessages.batchNotSupported());
        }
        const problem = envelopeProblem(request.body);
        if (problem) return sendJsonRpcError(reply, 400, -32600, problem);
        const gaps = modernRequestGaps(request.headers, request.body);
        if (gaps) return sendJsonRpcError(reply, 400, gaps.code, gaps.message, {}, (request.body as { id: string | number }).id, gaps.data);
        if (options.fast) {
          options.drain.enter(reply.raw);
          let answer: FastAnswer | undefined;
          try {
            const pending = options.fast(request, new CallCancellation(clientGone(reply.raw)));
            answer = isThenable(pending) ? await pending : pending;
            if (answer !== undefined) {
              if (answer.headers) void reply.headers(answer.headers);
              if (answer.body === undefined) return reply.code(answer.status).send();
              return reply.code(answer.status).header('content-type', 'application/json').send(answer.body);
            }
            // Handed to the SDK: counted until its response closes, before this count ends.
            if (!isNotificationStream(request)) options.drain.track(reply.raw);
          } finally {
            options.drain.leave(reply.raw);
          }
        } else if (!isNotificationStream(request)) {
          options.drain.track(reply.raw);
        }
        reply.hijack();
        passTrailToSdk(request);
        flushEventStreamHeaders(reply.raw);
        await options.serve(request.raw, reply.raw, request.body);
      }),
    });
  });
}
