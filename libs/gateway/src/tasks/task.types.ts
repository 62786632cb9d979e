import type { SkillCaller, SkillClient } from '@skillnest/skills';
import type { TaskStatus } from './task.constants';

/** A JSON-RPC error, as a failed task carries it. */
export interface TaskError {
  code: number;
  message: string;
  data?: Record<string, unknown>;
}

/** One row of `skillnest_tasks`, as `pg` reads it. */
export interface TaskRow {
  id: string;
  gateway: string;
  principal: string;
  tool: string;
  /** The raw arguments of the call (validated again by a re-run). */
  arguments: unknown;
  caller: SkillCaller;
  client: SkillClient;
  status: TaskStatus;
  status_message: string | null;
  result: Record<string, unknown> | null;
  error: TaskError | null;
  /** The input requests still waiting for an answer, by key. */
  input_requests: Record<string, { method: string; params: Record<string, unknown> }>;
  /** Every answer the client gave (in the multi-round phase and through `tasks/update`), by key. */
  answers: Record<string, unknown>;
  rerunnable: boolean;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  ttl_ms: number;
  poll_interval_ms: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}

/** The `Task` of the wire: what `CreateTaskResult`, `tasks/get` and `notifications/tasks` share. */
export interface WireTask {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number | null;
  pollIntervalMs?: number;
}

/** The answer to a `tools/call` that became a task (`resultType: "task"`, the task inlined flat). */
export type CreateTaskResult = WireTask & { resultType: 'task' };

/** A task with what its status carries: `inputRequests`, `result` or `error` (`tasks/get`, `notifications/tasks`). */
export type DetailedTask = WireTask & { inputRequests?: TaskRow['input_requests']; result?: Record<string, unknown>; error?: TaskError };

/** Why a task could not be created: one of the task caps, as HTTP would say it (429 the caller's share, 503 the server's). */
export interface TaskCapRefusal {
  readonly refused: 'tasks';
  readonly message: string;
  readonly scope: 'principal' | 'global';
  readonly limit: string;
  readonly max: number;
  readonly retryAfterSec: number;
}
