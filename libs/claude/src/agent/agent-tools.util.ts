import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { SkillCaller, ToolDefinition } from '@skillnest/skills';
import { callerMayUse } from '@skillnest/skills/internal';
import { isHiddenFromAgent } from './hidden-from-agent.decorator';

// Tool names the Messages API accepts; an MCP name outside this set would fail the whole request.
const ANTHROPIC_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Which registry tools to consider, besides the caller's scopes. */
export interface AgentToolFilter {
  /** Tool names never to offer (for example the calling skill's own name). */
  exclude?: readonly string[];
  /** Offer only tools this returns true for. */
  include?: (tool: ToolDefinition) => boolean;
}

/** The tools one agent run may use: the Anthropic definitions to send and the skills behind them. */
export interface AgentToolset {
  readonly definitions: Tool[];
  readonly byName: ReadonlyMap<string, ToolDefinition>;
}

/**
 * Turns registry tools into Anthropic tool definitions for one caller: `{ name, description,
 * input_schema }` with `input_schema` the very JSON Schema MCP clients get as `inputSchema`.
 *
 * Left out: tools the caller lacks scopes for (`callerMayUse`), tools marked `@HiddenFromAgent()`,
 * tools with `@UseGuards` (guards need the gateway's request context, so the agent cannot run
 * them and fails closed), names the Messages API rejects, and `filter.exclude`.
 */
export function agentToolsFor(
  tools: readonly ToolDefinition[],
  caller: SkillCaller,
  filter: AgentToolFilter = {},
  { guardsChecked = false }: { guardsChecked?: boolean } = {},
): AgentToolset {
  const excluded = new Set(filter.exclude ?? []);
  const byName = new Map<string, ToolDefinition>();
  const definitions: Tool[] = [];
  for (const tool of tools) {
    if (excluded.has(tool.name) || !ANTHROPIC_TOOL_NAME.test(tool.name)) continue;
    // Guards need the request: a gateway's dispatcher has checked them; without one, fail closed.
    if (isHiddenFromAgent(tool) || (!guardsChecked && tool.handler.access.guards.length > 0)) continue;
    if (!callerMayUse(tool.handler.access, caller)) continue;
    if (filter.include && !filter.include(tool)) continue;
    byName.set(tool.name, tool);
    definitions.push({ name: tool.name, description: tool.options.description, input_schema: tool.input.jsonSchema as Tool['input_schema'] });
  }
  return { definitions, byName };
}
