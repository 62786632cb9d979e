import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolDefinition } from '../interfaces/skill-definition.interface';
import type { SkillContext } from '../interfaces/skill-context.interface';
import type { PendingInput } from './pending-input';

/** Request headers as Node gives them (lower-case names). */
export type SkillCallHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** How a nested call (the Claude agent's tool use) may differ from its parent call. */
export interface NestedCallOptions {
  signal: AbortSignal;
  defaultTimeoutMs: number;
  progress(done: number, total?: number, message?: string): Promise<void>;
}

/**
 * The path that dispatched a call, as a skill that calls other skills sees it: the same
 * gateway's view, access rules, rate budgets and enhancers, as the same caller.
 */
export interface NestedSkillCalls {
  /** The tools the parent call's caller may use, in the dispatching gateway's view. */
  toolsFor(parent: SkillContext): Promise<ToolDefinition[]>;
  /** Runs one of them through the dispatcher; an unusable tool answers an `isError` result. */
  callTool(parent: SkillContext, name: string, args: unknown, options: NestedCallOptions): Promise<CallToolResult | PendingInput>;
}

/** Where a call came from: set by the front door, read by Nest enhancers and nested calls. */
export interface SkillCallOrigin {
  /** The HTTP request's headers (empty for front doors without HTTP). */
  readonly headers: SkillCallHeaders;
  /** The dispatcher that runs this call, for skills that call other skills. */
  readonly nested?: NestedSkillCalls;
}

/** The origin of a call, from its `SkillContext` (undefined for a context built by hand). */
export function originOf(ctx: SkillContext): SkillCallOrigin | undefined {
  return (ctx as { origin?: SkillCallOrigin }).origin;
}
