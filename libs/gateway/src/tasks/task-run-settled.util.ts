import type { CallToolResult } from '@modelcontextprotocol/server';
import type { PendingInput } from '@skillnest/skills/internal';
import { runSettled, type Settled } from '../observe/call-settled.util';
import type { RunStop } from './task-run';
import type { TaskError } from './task.types';

/**
 * How a task's work ended on this replica, for the observers' `via: 'task'` report: what the
 * skill returned (as a plain call of it would be reported), or why the run stopped first.
 * `cancelled` (tasks/cancel) and `lost` (its lease went to another replica, or it was failed
 * there) are `failed` with that reason; `handover` (the drain deadline gave it to another
 * replica) goes on as a `task`.
 */
export function taskRunSettled(
  taskId: string | undefined,
  stopped: RunStop | undefined,
  failure: TaskError | undefined,
  value: CallToolResult | PendingInput | undefined,
): Settled {
  if (stopped === 'handover') return { outcome: 'task', reason: 'handover', taskId };
  if (stopped && stopped !== 'failed') return { outcome: 'failed', reason: stopped, taskId };
  // An input request the client cannot take (-32021), or a run that threw (the invoker never lets a skill do so).
  if (failure) return { outcome: 'failed', reason: 'capability', taskId };
  if (value === undefined) return { outcome: 'failed', reason: 'error', taskId };
  return { ...runSettled(value), taskId };
}
