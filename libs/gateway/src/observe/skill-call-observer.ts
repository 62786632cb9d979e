import type { SkillDefinition } from '@skillnest/skills';
import type { DispatchRequest } from '../dispatch/dispatch.types';

/** What a call asked for: a tool, a prompt, a resource read (by URI) or a completion. */
export type ObservedKind = 'tool' | 'prompt' | 'resource' | 'completion';

/** The front door a call came through. `task`: a task's work, run after its `tools/call` answered. */
export type FrontDoor = 'mcp' | 'rest' | 'agent' | 'task' | 'stdio';

/** One call to a skill as the dispatcher saw it arrive. */
export interface ObservedCall {
  readonly kind: ObservedKind;
  /** The tool or prompt name, the resource URI, or `<prompt|template> <name>` of a completion. */
  readonly name: string;
  /** The path of the gateway that serves it (`/mcp`). */
  readonly gateway: string;
  readonly via: FrontDoor;
  readonly request: DispatchRequest;
  /** The arguments as the client sent them (before validation). */
  readonly args: unknown;
  /** `performance.now()` when the dispatcher received it. */
  readonly startedAt: number;
  /** The tool or prompt it resolved to, when it did (`undefined` for an unknown name). */
  readonly skill: SkillDefinition | undefined;
  /** Fields the skill added with `ctx.audit({...})` while it ran. */
  readonly fields: Record<string, unknown>;
}

/**
 * How a call ended. `ok`: a result; `tool_error`: an `isError` result (the skill failed or said
 * no); `invalid`: its arguments did not validate; `input_required`: it asked the client for input;
 * `task`: it goes on as a task; `refused`: it did not run (`reason` says why: unknown, scope,
 * guard, rate, capability, ...); `failed`: a JSON-RPC error (a failing prompt or resource).
 */
export interface CallSettled {
  readonly outcome: 'ok' | 'tool_error' | 'invalid' | 'input_required' | 'task' | 'refused' | 'failed';
  readonly reason?: string;
  /** The id logged with an unexpected failure, which the caller was told to quote. */
  readonly errorId?: string;
  /** The task a `task` outcome created, or the task a `via: 'task'` run belongs to. */
  readonly taskId?: string;
  readonly durationMs: number;
  /**
   * A refusal that another path answers after dispatching the same call again (the fast path
   * hands scope and guard refusals to the SDK): not a call of its own. Metrics and the audit
   * skip it; an observer that started something in `around` ends it.
   */
  readonly handedOver?: true;
}

/**
 * Watches every call through the dispatcher (`SKILL_CALL_OBSERVERS`): metrics, traces, the audit
 * trail, or a team's own. `settled` runs on the request path once per call and must not throw or
 * block: queue what is slow. `around`, if present, runs the call inside what the observer needs
 * (a trace span made current, so the skill's own I/O is its child).
 */
export interface SkillCallObserver {
  around?<T>(call: ObservedCall, run: () => T): T;
  settled(call: ObservedCall, end: CallSettled): void;
}
