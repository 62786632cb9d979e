import type { FastifyReply, FastifyRequest } from 'fastify';
import cors from 'cors';

const EXPOSED_HEADERS = ['Mcp-Session-Id', 'WWW-Authenticate', 'Retry-After', 'MCP-Protocol-Version'];

/**
 * CORS for one gateway route, with the `cors` middleware on the raw Node request and response.
 * (`@fastify/cors` registers an app-wide `OPTIONS *` route, which clashes as soon as an app has
 * two gateways.) A page on an allowed origin may call the endpoint with the MCP headers and read
 * `Mcp-Session-Id`; other origins get no CORS headers (and the Origin hook answers them 403).
 * Requested headers are reflected: besides the fixed MCP ones, clients send `Mcp-Param-*` headers
 * whose names come from tool schemas. The first `onRequest` hook: a preflight ends here.
 */
export function corsHook(isAllowedOrigin: (origin: string) => boolean) {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return function applyCors(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    if (request.method === 'OPTIONS') {
      reply.hijack();
      middleware(request.raw, reply.raw, () => reply.raw.writeHead(204).end());
      return;
    }
    // Only browsers send Origin; for every other client there is nothing to add.
    if (request.headers.origin === undefined) return done();
    middleware(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  };
}
