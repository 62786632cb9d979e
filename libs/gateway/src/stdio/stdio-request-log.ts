import { Logger } from '@nestjs/common';
import type { JSONRPCRequest } from '@modelcontextprotocol/server';
import { logSafe } from '@skillnest/skills/internal';
import type { RequestTrail } from '../observe/request-trail';

const PROTOCOL_META = 'io.modelcontextprotocol/protocolVersion';
/** A JSON-RPC method name as logged: what a client sent only when it looks like one. */
const METHOD = /^[A-Za-z][\w/.-]{0,63}$/;

/** Client text in a log field: control characters escaped, bounded. */
const bounded = (value: unknown, max: number): string | undefined => (typeof value === 'string' ? logSafe(value.length > max ? `${value.slice(0, max)}...` : value) : undefined);

type Params = { name?: unknown; uri?: unknown; protocolVersion?: unknown; _meta?: Record<string, unknown> } | undefined;

/** One request of a stdio connection, from its arrival to its answer: what its log line says. */
export interface StdioExchange {
  readonly trail: RequestTrail;
  readonly method: string;
  readonly target?: string;
  readonly protocol?: string;
}

/** The exchange a request starts; the dispatcher completes its trail (skill, outcome, error id). */
export function startExchange(request: JSONRPCRequest): StdioExchange {
  const params = request.params as Params;
  return {
    trail: { startedAt: performance.now() },
    method: METHOD.test(request.method) ? request.method : '<invalid>',
    target: bounded(params?.name ?? params?.uri, 128),
    protocol: bounded(params?._meta?.[PROTOCOL_META] ?? params?.protocolVersion, 32),
  };
}

/**
 * Writes the line of one answered (or abandoned) stdio request, as the HTTP request line does:
 * method, skill, caller id, protocol revision, the call's outcome and error id, the JSON-RPC error
 * code of an error answer, duration. `aborted`: the client went away before the answer.
 */
export function logExchange(logger: Logger, gateway: string, callerId: string, id: string | number, exchange: StdioExchange, errorCode?: number, aborted = false): void {
  // The app may log below `info`: then the line is not even built.
  if (!Logger.isLevelEnabled('log')) return;
  const { trail } = exchange;
  const line: Record<string, unknown> = {
    msg: 'request',
    transport: 'stdio',
    rpcId: typeof id === 'string' ? bounded(id, 64) : id,
    gateway,
    method: exchange.method,
    skill: trail.skill !== undefined ? bounded(trail.skill, 128) : exchange.target,
    callerId,
    protocol: exchange.protocol,
    outcome: trail.outcome ?? (errorCode !== undefined ? 'error' : undefined),
    reason: trail.reason,
    errorId: trail.errorId,
    code: errorCode,
    traceId: trail.traceId,
    durationMs: Math.round((performance.now() - trail.startedAt) * 100) / 100,
  };
  if (aborted) line.aborted = true;
  logger.log(line);
}
