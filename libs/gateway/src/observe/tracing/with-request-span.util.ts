import type { FastifyReply, FastifyRequest } from 'fastify';

/** Runs a request's handler inside the request's span (`RequestSpans.mcp`, `RequestSpans.rest`). */
export type RequestSpanWrapper = <T>(request: FastifyRequest, reply: FastifyReply, handle: () => Promise<T>) => Promise<T>;

/**
 * A route handler that runs inside its request's span, or the handler itself when there is no
 * wrapper (no `ObservabilityModule`, tracing off, or no SDK registered): then a request costs
 * nothing extra, not even a closure.
 */
export function withRequestSpan<H extends (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>>(wrap: RequestSpanWrapper | undefined, handler: H): H {
  if (!wrap) return handler;
  return ((request: FastifyRequest, reply: FastifyReply) => wrap(request, reply, () => handler(request, reply))) as H;
}
