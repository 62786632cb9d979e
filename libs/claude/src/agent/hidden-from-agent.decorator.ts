import { Reflector } from '@nestjs/core';
import type { ToolDefinition } from '@skillnest/skills';

/**
 * Keeps a tool (on a method) or every tool of a class out of the tools the Claude agent is
 * offered, whoever the caller is. Put it on skills that run the agent themselves (no recursion)
 * and on anything a team wants only people to call. The optional reason is for readers.
 *
 * @example
 * ```ts
 * @HiddenFromAgent('runs the agent itself')
 * @Tool({ name: 'ops_agent', ... })
 * ```
 */
export const HiddenFromAgent = Reflector.createDecorator<string | undefined, string>({
  key: 'skillnest:hidden-from-agent',
  transform: (reason) => reason ?? 'hidden',
});

/** Whether `@HiddenFromAgent()` marks the tool's method or class. */
export function isHiddenFromAgent(tool: ToolDefinition): boolean {
  const { method, providerClass } = tool.handler;
  return Reflect.getMetadata(HiddenFromAgent.KEY, method) !== undefined || Reflect.getMetadata(HiddenFromAgent.KEY, providerClass) !== undefined;
}
