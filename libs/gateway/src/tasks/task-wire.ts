import type { CreateTaskResult, DetailedTask, TaskRow, WireTask } from './task.types';

/** A row as the wire's `Task`: integer milliseconds, ISO 8601 times, no v1 names (`ttl`, `pollInterval`). */
export function wireTask(row: TaskRow): WireTask {
  return {
    taskId: row.id,
    status: row.status,
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    createdAt: row.created_at.toISOString(),
    lastUpdatedAt: row.updated_at.toISOString(),
    ttlMs: row.ttl_ms,
    pollIntervalMs: row.poll_interval_ms,
  };
}

/** The seed state a `tools/call` answers with: the task alone, never its result or requests (those are `tasks/get`'s). */
export function createTaskResult(row: TaskRow): CreateTaskResult {
  return { resultType: 'task', ...wireTask(row) };
}

/** What `tasks/get` and `notifications/tasks` carry for the row's status. */
export function detailedTask(row: TaskRow): DetailedTask {
  const task = wireTask(row);
  if (row.status === 'input_required') return { ...task, inputRequests: row.input_requests };
  if (row.status === 'completed' && row.result) return { ...task, result: row.result };
  if (row.status === 'failed' && row.error) return { ...task, error: row.error };
  return task;
}
