import type { CallToolResult, LoggingLevel } from '@modelcontextprotocol/server';
import type { SkillCaller, SkillClient } from '@skillnest/skills';
import type { CallCancellation, NestedSkillCalls, PendingInput, SkillCallHeaders } from '@skillnest/skills/internal';
import type { CreateTaskResult, TaskCapRefusal, TaskRow } from '../tasks/task.types';
import type { RequestTrail } from '../observe/request-trail';
import type { FrontDoor } from '../observe/skill-call-observer';
import type { ScopeShortfall } from './skill-access.policy';

/** One call as a front door hands it to the `SkillDispatcher`. */
export interface DispatchRequest {
  caller: SkillCaller;
  client: SkillClient;
  requestId: string | number;
  /** The request's headers, for guards and interceptors (`{}` without HTTP). */
  headers: SkillCallHeaders;
  /** Fires when the client goes away; or `cancellation`, which watches the client only on demand. */
  signal?: AbortSignal;
  cancellation?: CallCancellation;
  /** Answers to input requests gathered in earlier rounds and this one. */
  answers?: Record<string, unknown>;
  progress?: (done: number, total?: number, message?: string) => Promise<void>;
  log?: (level: LoggingLevel, message: string, data?: unknown) => Promise<void>;
  /** Instead of the gateway's default skill timeout (a nested call within its parent's budget). */
  defaultTimeoutMs?: number;
  /**
   * The front door already charged this call's per-skill budget with `SkillDispatcher.admit`:
   * the MCP route does so before the SDK answers, since only HTTP can say 429.
   */
  admitted?: boolean;
  /** Called once the call is admitted, just before the skill runs (REST opens its event stream then). */
  onRun?: () => void;
  /** Set by the dispatcher: the path nested calls of this call go through. */
  nested?: NestedSkillCalls;
  /**
   * Whether a task tool may answer with a task: `accept` (REST's `Prefer: respond-async`), `inline`
   * (run it in the request whatever it declares: nested calls). Default: when a 2026-07-28 client
   * declares the Tasks extension on the request.
   */
  taskMode?: 'accept' | 'inline';
  /** A task run again after its replica was lost: admitted when it was created, it runs as that task. */
  resumedTask?: TaskRow;
  /** The front door, for observers (default `mcp`). */
  via?: FrontDoor;
  /** The HTTP request's trail, which the dispatcher completes with the skill and its outcome (logged at the request's end). */
  trail?: RequestTrail;
  /** A refusal is answered by another path that dispatches the call again (the fast path hands it to the SDK): observers are told not to count it. */
  refusalsHandedOver?: boolean;
  /** Set by the dispatcher when observed: where `ctx.audit({...})` puts the skill's own audit fields. */
  auditFields?: Record<string, unknown>;
}

/**
 * Why a call did not run. `unknown` also covers a disabled skill, one outside the gateway's
 * view, and (over MCP) one a guard refuses, so a caller cannot probe for what it may not use.
 */
export type DispatchRefusal =
  | { readonly refused: 'unknown'; readonly message: string }
  | { readonly refused: 'guard'; readonly message: string; readonly unknownMessage: string }
  | { readonly refused: 'scope'; readonly message: string; readonly shortfall: ScopeShortfall }
  | { readonly refused: 'rate'; readonly message: string; readonly retryAfterSec: number }
  /** A task-only tool, and a client that did not declare the Tasks extension (-32021). */
  | { readonly refused: 'capability'; readonly message: string; readonly requiredCapabilities: Record<string, unknown> }
  | TaskCapRefusal
  /** The task store cannot be reached. */
  | { readonly refused: 'unavailable'; readonly message: string };

/** What became of a tool call. */
export type ToolOutcome =
  | { readonly outcome: 'result'; readonly result: CallToolResult }
  /** The input did not validate; `result` is the `isError` result MCP clients get. */
  | { readonly outcome: 'invalid'; readonly result: CallToolResult; readonly problems: string[] }
  | { readonly outcome: 'input_required'; readonly pending: PendingInput }
  /** The call goes on as a task (committed before this outcome exists): the client polls it. */
  | { readonly outcome: 'task'; readonly task: CreateTaskResult }
  | ({ readonly outcome: 'refused' } & DispatchRefusal);

/** What became of a prompt, resource or completion request. */
export type ReadOutcome<T> =
  | { readonly outcome: 'result'; readonly result: T }
  | { readonly outcome: 'input_required'; readonly pending: PendingInput }
  | ({ readonly outcome: 'refused' } & DispatchRefusal);
