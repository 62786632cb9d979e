import type { FastifyRequest } from 'fastify';
import { ANONYMOUS_CALLER, type SkillCaller } from '@skillnest/skills';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { acceptsJsonAndSse, isObject, LEGACY_VERSIONS, type FastAnswer } from './fast-answer';
import type { McpProtocol } from './mcp-protocol';

/**
 * The 2025 handshake of a light session: `initialize` answered with what the SDK answers (the
 * result captured at bootstrap, with the negotiated version), and `notifications/initialized`
 * acknowledged. A client that can take server requests gets a live session from the SDK path.
 */
export function fastHandshake(protocol: McpProtocol, request: FastifyRequest, body: Record<string, unknown>): FastAnswer | undefined {
  const headers = request.headers;
  const version = headers['mcp-protocol-version'];
  if (version !== undefined && (typeof version !== 'string' || !LEGACY_VERSIONS.has(version))) return undefined;
  const accept = headers.accept;
  if (!acceptsJsonAndSse(accept)) return undefined;
  const caller: SkillCaller = (request as AuthenticatedRequest).user ?? ANONYMOUS_CALLER;
  const session = headers['mcp-session-id'];
  if (body.method === 'notifications/initialized') {
    if ('id' in body || typeof session !== 'string' || !protocol.acceptsLight(session, caller.id)) return undefined;
    return { status: 202 };
  }
  const { id, params } = body;
  if (session !== undefined || (typeof id !== 'string' && typeof id !== 'number') || !isObject(params)) return undefined;
  for (const key in params) if (key !== 'protocolVersion' && key !== 'capabilities' && key !== 'clientInfo') return undefined;
  const info = params.clientInfo;
  if (typeof params.protocolVersion !== 'string' || !LEGACY_VERSIONS.has(params.protocolVersion)) return undefined;
  if (!isObject(params.capabilities) || !isObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string') return undefined;
  const opened = protocol.createLight(caller.id, body);
  if (opened === undefined) return undefined;
  // Beyond a cap: refused here as the SDK path would refuse it (no SDK server is built for a refusal).
  if (!('id' in opened)) return opened;
  const result = { protocolVersion: params.protocolVersion, ...protocol.initializeResult };
  return { status: 200, headers: { 'mcp-session-id': opened.id }, body: JSON.stringify({ result, jsonrpc: '2.0', id }) };
}
