import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { ToolDefinition } from '@skillnest/skills';
import type { CallSettled, FrontDoor, ObservedCall } from '../skill-call-observer';
import { argumentsDigest, auditedArguments } from './audit-arguments.util';

/** How a caller authenticated, from the prefix of its id (`static:`, `jwt:`, `introspection:`; `anonymous`); `other`: a verifier of the app's own. */
export type AuthMethod = 'static' | 'jwt' | 'introspection' | 'anonymous' | 'other';

/** One row of `skillnest_audit` as the writer queues it; its keys are the columns of the INSERT (`audit-store`). */
export interface AuditRecord {
  /** Epoch ms when the call arrived. */
  readonly at: number;
  readonly gateway: string;
  readonly via: FrontDoor;
  readonly callerId: string;
  readonly authMethod: AuthMethod;
  readonly clientName: string | undefined;
  readonly clientVersion: string | undefined;
  readonly clientEra: string;
  readonly tool: string;
  readonly requestId: string;
  readonly argumentsSha256: string;
  /** Only for a tool that opts in, redacted and bounded. */
  readonly arguments: unknown;
  readonly outcome: CallSettled['outcome'];
  readonly reason: string | undefined;
  readonly durationMs: number;
  readonly errorId: string | undefined;
  readonly taskId: string | undefined;
  readonly traceId: string | undefined;
  /** The skill's `ctx.audit({...})` fields, copied when the call settled (undefined: none). */
  readonly fields: Record<string, unknown> | undefined;
}

/** How `callerId` authenticated (see `SkillCaller.id`). */
export function authMethodOf(callerId: string): AuthMethod {
  if (callerId.startsWith('static:')) return 'static';
  if (callerId.startsWith('jwt:')) return 'jwt';
  if (callerId.startsWith('introspection:')) return 'introspection';
  return callerId === 'anonymous' ? 'anonymous' : 'other';
}

/** The trace the call is part of, when an OpenTelemetry SDK records one (without an SDK the API's active span is always none). */
function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}

/** Longest client-chosen text kept in a column (a tool name that is unknown, a request id, the client's name): the request's body is the only other bound. */
const MAX_TEXT = 256;
const bounded = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
const boundedOrNone = (text: unknown) => (typeof text === 'string' ? bounded(text) : undefined);

function copyOf(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  // A task's call settles while its skill goes on adding fields (they belong to the task's own record).
  for (const _ in fields) return { ...fields };
  return undefined;
}

/**
 * The record of a tool call that just settled: small and built at once, on the request path
 * (`AuditObserver`), so that nothing of the call is held after it: the arguments become their
 * digest (and, for a tool that opts in, a redacted copy), the fields a copy.
 */
export function auditRecord(call: ObservedCall, end: CallSettled, maxArgumentBytes: number): AuditRecord {
  const { caller, client, requestId } = call.request;
  const tool = call.skill?.kind === 'tool' ? (call.skill as ToolDefinition) : undefined;
  return {
    at: Date.now() - end.durationMs,
    gateway: call.gateway,
    via: call.via,
    callerId: caller.id,
    authMethod: authMethodOf(caller.id),
    clientName: boundedOrNone(client.info?.name),
    clientVersion: boundedOrNone(client.info?.version),
    clientEra: client.era,
    tool: bounded(call.name),
    requestId: bounded(String(requestId)),
    argumentsSha256: argumentsDigest(call.args),
    arguments: tool?.options.audit?.arguments === true ? auditedArguments(call.args, maxArgumentBytes) : undefined,
    outcome: end.outcome,
    reason: end.reason,
    durationMs: end.durationMs,
    errorId: end.errorId,
    taskId: end.taskId,
    traceId: activeTraceId(),
    fields: copyOf(call.fields),
  };
}
