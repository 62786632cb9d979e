import type { Attributes } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { CallSettled, ObservedCall, ObservedKind } from '../skill-call-observer';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_RESOURCE_URI,
  ATTR_SKILLNEST_CALLER_ID,
  ATTR_SKILLNEST_ERROR_ID,
  ATTR_SKILLNEST_GATEWAY,
  ATTR_SKILLNEST_OUTCOME,
  ATTR_SKILLNEST_REASON,
  ATTR_SKILLNEST_TASK_ID,
  ATTR_SKILLNEST_VIA,
  EXECUTE_TOOL,
} from './trace-attributes.constants';

/** The MCP method each kind of call answers. */
export const MCP_METHOD_OF: Readonly<Record<ObservedKind, string>> = {
  tool: 'tools/call',
  prompt: 'prompts/get',
  resource: 'resources/read',
  completion: 'completion/complete',
};

/**
 * The name of a skill call's span: `execute_tool <tool>` (the GenAI tool execution span),
 * `prompts/get <prompt>`, `resources/read`, `completion/complete`. A name joins only when the
 * dispatcher knew the skill, so that made-up names cannot multiply span names; a resource's URI
 * never does (too many).
 */
export function skillSpanName(call: ObservedCall): string {
  if (call.kind === 'tool') return call.skill ? `${EXECUTE_TOOL} ${call.name}` : EXECUTE_TOOL;
  if (call.kind === 'prompt' && call.skill) return `${MCP_METHOD_OF.prompt} ${call.name}`;
  return MCP_METHOD_OF[call.kind];
}

/** What a skill call's span says from its start (the JSON-RPC id, session and protocol are its request span's: one lookup away, and each attribute costs). */
export function skillSpanAttributes(call: ObservedCall): Attributes {
  const attributes: Attributes = {
    [ATTR_MCP_METHOD_NAME]: MCP_METHOD_OF[call.kind],
    [ATTR_SKILLNEST_GATEWAY]: call.gateway,
    [ATTR_SKILLNEST_VIA]: call.via,
    [ATTR_SKILLNEST_CALLER_ID]: call.request.caller.id,
  };
  if (call.kind === 'tool') {
    attributes[ATTR_GEN_AI_OPERATION_NAME] = EXECUTE_TOOL;
    attributes[ATTR_GEN_AI_TOOL_NAME] = call.name;
  } else if (call.kind === 'prompt') {
    attributes[ATTR_GEN_AI_PROMPT_NAME] = call.name;
  } else if (call.kind === 'resource') {
    attributes[ATTR_MCP_RESOURCE_URI] = call.name;
  }
  return attributes;
}

/**
 * The `error.type` of a call that failed, undefined for one that did not (`ok`, `input_required`,
 * `task`): `tool_error` (an `isError` result, as the MCP conventions name it), `invalid_arguments`,
 * the refusal's reason (`unknown`, `scope`, `guard`, `rate`, `capability`, `tasks`, `unavailable`),
 * or a failure's reason (`error` when it gave none).
 */
export function callErrorType(end: CallSettled): string | undefined {
  switch (end.outcome) {
    case 'tool_error':
      return 'tool_error';
    case 'invalid':
      return 'invalid_arguments';
    case 'refused':
      return end.reason ?? 'refused';
    case 'failed':
      return end.reason ?? 'error';
    default:
      return undefined;
  }
}

/** What a skill call's span says at its end: the outcome, and the skill's `ctx.audit({...})` fields under `prefix`. */
export function settledAttributes(call: ObservedCall, end: CallSettled, prefix: string): Attributes {
  const attributes: Attributes = { [ATTR_SKILLNEST_OUTCOME]: end.outcome };
  if (end.reason !== undefined) attributes[ATTR_SKILLNEST_REASON] = end.reason;
  if (end.errorId !== undefined) attributes[ATTR_SKILLNEST_ERROR_ID] = end.errorId;
  if (end.taskId !== undefined) attributes[ATTR_SKILLNEST_TASK_ID] = end.taskId;
  const errorType = callErrorType(end);
  if (errorType !== undefined) attributes[ATTR_ERROR_TYPE] = errorType;
  // Already bounded by `ctx.audit()` (32 fields, 256 characters); null says "no value", which an attribute cannot.
  for (const [name, value] of Object.entries(call.fields)) {
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) attributes[`${prefix}${name}`] = value;
  }
  return attributes;
}
