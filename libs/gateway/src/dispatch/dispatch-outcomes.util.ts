import type { ToolDefinition } from '@skillnest/skills';
import { PendingInput } from '@skillnest/skills/internal';
import { GatewayMessages } from '../gateway.messages';
import type { ToolOutcome } from './dispatch.types';

/** What the invoker returned, as a dispatch outcome: a result, or the input the skill asked for. */
export function settled<T extends object>(value: T | PendingInput): { outcome: 'result'; result: T } | { outcome: 'input_required'; pending: PendingInput } {
  return value instanceof PendingInput ? { outcome: 'input_required', pending: value } : { outcome: 'result', result: value };
}

/** A Nest guard said no; over MCP the caller hears "unknown tool", so it cannot probe for what it may not use. */
export function guardRefusal(tool: ToolDefinition): ToolOutcome {
  return { outcome: 'refused', refused: 'guard', message: GatewayMessages.forbiddenByGuard(tool.name), unknownMessage: GatewayMessages.unknownTool(tool.name) };
}
