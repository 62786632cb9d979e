import type { CallToolResult } from '@modelcontextprotocol/server';
import type { SkillContext, ToolDefinition } from '@skillnest/skills';
import { PendingInput, originOf, toolErrorResult, type NestedCallOptions, type NestedSkillCalls } from '@skillnest/skills/internal';
import type { SkillDispatcher } from './skill-dispatcher';
import type { SkillCatalog } from './skill-catalog';

/**
 * Calls made by a skill on behalf of its own caller (the Claude agent's tool use): the same
 * dispatcher, so the same gateway view, scopes, guards (with the parent request's headers),
 * budgets and enhancers as if the caller had asked directly.
 */
export class NestedDispatch implements NestedSkillCalls {
  constructor(
    private readonly dispatcher: SkillDispatcher,
    private readonly catalog: SkillCatalog,
  ) {}

  async toolsFor(parent: SkillContext): Promise<ToolDefinition[]> {
    const { tools } = await this.catalog.resultsFor(parent.caller, () => originOf(parent)?.headers ?? {});
    return tools.tools.flatMap((entry) => this.dispatcher.tool(entry.name) ?? []);
  }

  async callTool(parent: SkillContext, name: string, args: unknown, options: NestedCallOptions): Promise<CallToolResult | PendingInput> {
    const outcome = await this.dispatcher.callTool(name, args, {
      caller: parent.caller,
      client: parent.client,
      requestId: parent.requestId,
      via: 'agent',
      headers: originOf(parent)?.headers ?? {},
      signal: options.signal,
      // Answers belong to the parent call's own input requests, not to the nested tool's.
      answers: {},
      // The agent waits for its tool's answer: a task tool runs inline here, never as a task of its own.
      taskMode: 'inline',
      defaultTimeoutMs: options.defaultTimeoutMs,
      progress: options.progress,
      log: (level, message, data) => parent.log(level, message, data),
    });
    switch (outcome.outcome) {
      case 'result':
      case 'invalid':
        return outcome.result;
      case 'input_required':
        return outcome.pending;
      case 'task':
        return toolErrorResult(`"${name}" started a task instead of answering.`);
      default:
        return toolErrorResult(outcome.refused === 'guard' ? outcome.unknownMessage : outcome.message);
    }
  }
}
