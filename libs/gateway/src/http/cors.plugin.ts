import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** The headers a browser client must be allowed to send and to read for MCP over HTTP. */
const EXPOSED_HEADERS = ['mcp-session-id', 'www-authenticate', 'retry-after', 'mcp-protocol-version'];

/**
 * CORS for the gateway's own scope (`@fastify/cors`): a browser page on an allowed origin may call
 * the endpoint with the MCP headers and read the session id; any other origin gets no CORS
 * headers (and the Origin hook answers it 403). Requested headers are reflected: besides the
 * fixed MCP ones (`Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`,
 * `Last-Event-ID`, `Authorization`) clients send `Mcp-Param-*` headers named by tool schemas.
 */
export async function registerCors(scope: FastifyInstance, isAllowedOrigin: (origin: string) => boolean): Promise<void> {
  await scope.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin)),
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}
