// Attribute names of the OpenTelemetry semantic conventions that are still in development (MCP,
// GenAI, JSON-RPC): copied, as the conventions advise, rather than imported from the package's
// `incubating` entry, whose names may change between its releases. The stable ones come from
// `@opentelemetry/semantic-conventions`.

export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';

/** `gen_ai.operation.name` of a tool call. */
export const EXECUTE_TOOL = 'execute_tool';

// Skillnest's own, for what the conventions have no name for.
/** Which gateway served the call (its path, `/mcp`). */
export const ATTR_SKILLNEST_GATEWAY = 'skillnest.gateway';
/** The front door: `mcp`, `rest`, `agent` (a tool the Claude agent called), `task` (a task's work), `stdio`. */
export const ATTR_SKILLNEST_VIA = 'skillnest.via';
/** The caller's id as the gateway authenticated it (`static:ops`, a JWT subject, `anonymous`); never a token. */
export const ATTR_SKILLNEST_CALLER_ID = 'skillnest.caller.id';
/** How the call ended: `ok`, `tool_error`, `invalid`, `input_required`, `task`, `refused`, `failed`. */
export const ATTR_SKILLNEST_OUTCOME = 'skillnest.outcome';
/** Why it was refused or failed: `unknown`, `scope`, `guard`, `rate`, `capability`, `tasks`, `unavailable`, or the skill's reason. */
export const ATTR_SKILLNEST_REASON = 'skillnest.outcome.reason';
/** The error id the caller was told to quote (the same as in the log line). */
export const ATTR_SKILLNEST_ERROR_ID = 'skillnest.error.id';
/** The task a call created, or the task whose work it is. */
export const ATTR_SKILLNEST_TASK_ID = 'skillnest.task.id';
/** The default prefix of the attributes a skill adds with `ctx.audit({...})`. */
export const DEFAULT_AUDIT_ATTRIBUTE_PREFIX = 'skillnest.audit.';
