import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import { logSafe } from '@skillnest/skills/internal';
import type { AuthenticatedRequest } from '../../auth/bearer-auth.hook';
import { startTrail, type RequestTrail } from '../request-trail';
import { SkillnestLogger } from './skillnest-logger';

/** A JSON-RPC method name as logged: what a client sent only when it looks like one. */
const METHOD = /^[A-Za-z][\w/.-]{0,63}$/;
const PROTOCOL_META = 'io.modelcontextprotocol/protocolVersion';

/** Client text in a log field: control characters escaped, bounded. */
const bounded = (value: unknown, max: number): string | undefined => (typeof value === 'string' ? logSafe(value.length > max ? `${value.slice(0, max)}...` : value) : undefined);

type Body = { method?: unknown; params?: { name?: unknown; protocolVersion?: unknown; _meta?: Record<string, unknown> } } | undefined;

/** The JSON-RPC method of an MCP request, or what the HTTP method means on the endpoint. */
function mcpMethod(request: FastifyRequest): string | undefined {
  if (request.method === 'GET') return 'GET stream';
  if (request.method === 'DELETE') return 'DELETE session';
  const method = (request.body as Body)?.method;
  if (method === undefined) return undefined;
  return typeof method === 'string' && METHOD.test(method) ? method : '<invalid>';
}

/** The protocol revision the request speaks: its header, its 2026-07-28 `_meta`, or what `initialize` offers. */
function protocolOf(request: FastifyRequest): string | undefined {
  const header = request.headers['mcp-protocol-version'];
  const params = (request.body as Body)?.params;
  return bounded(header ?? params?._meta?.[PROTOCOL_META] ?? params?.protocolVersion, 32);
}

/**
 * The first `onRequest` hook of a gateway's MCP or REST routes: starts the request's trail (which
 * the dispatcher completes) and writes one line when the response is over, finished or cut:
 * request id, gateway, method, skill, caller id (never the token), protocol revision, HTTP
 * status, the call's outcome and error id, duration. A cut response (the client went away) is
 * logged with `aborted: true`.
 */
export function requestLogHook(gateway: string, transport: 'mcp' | 'rest', authenticated: boolean, logger = new Logger('Request')): onRequestHookHandler {
  return (request, reply, done) => {
    // An app that logs below `info` (Nest's `logger: ['warn', 'error']`) gets no trail and no line: nothing to pay for.
    if (Logger.isLevelEnabled('log')) {
      const trail = startTrail(request, performance.now());
      // `close` comes once (`once` would wrap the listener in another).
      reply.raw.on('close', () => writeLine(logger, requestLine(request, reply, trail, gateway, transport, authenticated)));
    }
    done();
  };
}

/**
 * Nest's app-wide logger (what `NestFactory.create(..., { logger })` set), read from Nest's own
 * static field: when it is Skillnest's, the line goes to its pino directly, skipping Nest's
 * wrapper and the generic `log` path (4.1 of the line's 14.7% of busy CPU in a profile under load).
 * Any other logger gets the line through Nest, as before.
 */
function writeLine(logger: Logger, line: Record<string, unknown>): void {
  const app = (Logger as unknown as { staticInstanceRef?: unknown }).staticInstanceRef;
  if (app instanceof SkillnestLogger) app.requestLine(line);
  else logger.log(line);
}

function requestLine(
  request: FastifyRequest,
  reply: FastifyReply,
  trail: RequestTrail,
  gateway: string,
  transport: 'mcp' | 'rest',
  authenticated: boolean,
): Record<string, unknown> {
  const rest = transport === 'rest';
  const params = request.params as { name?: unknown } | undefined;
  const method = rest ? `rest ${request.url.endsWith('/stream') ? 'stream' : 'run'}` : mcpMethod(request);
  const line: Record<string, unknown> = {
    // The context Nest's logger would give the line (`new Logger('Request')`), first, as it writes it.
    context: 'Request',
    msg: 'request',
    reqId: request.id,
    gateway,
    method,
    skill: trail.skill !== undefined ? bounded(trail.skill, 128) : bounded(rest ? params?.name : (request.body as Body)?.params?.name, 128),
    // On an authenticated gateway a request refused before its token was verified has no caller.
    callerId: (request as AuthenticatedRequest).user?.id ?? (authenticated ? undefined : ANONYMOUS_CALLER.id),
    protocol: rest ? undefined : protocolOf(request),
    status: reply.raw.statusCode,
    outcome: trail.outcome,
    reason: trail.reason,
    errorId: trail.errorId,
    traceId: trail.traceId,
    durationMs: Math.round((performance.now() - trail.startedAt) * 100) / 100,
  };
  if (!reply.raw.writableFinished) line.aborted = true;
  return line;
}
