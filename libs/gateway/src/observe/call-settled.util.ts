import type { CallToolResult } from '@modelcontextprotocol/server';
import { PendingInput, toolErrorDetail } from '@skillnest/skills/internal';
import type { ReadOutcome, ToolOutcome } from '../dispatch/dispatch.types';
import type { CallSettled } from './skill-call-observer';

export type Settled = Omit<CallSettled, 'durationMs'>;

const OK: Settled = Object.freeze({ outcome: 'ok' });
const INVALID: Settled = Object.freeze({ outcome: 'invalid' });
const INPUT_REQUIRED: Settled = Object.freeze({ outcome: 'input_required' });

/** The reason and error id a skill's `isError` result carries in `_meta['io.skillnest/error']`. */
function errorDetail(result: CallToolResult): Settled {
  const detail = toolErrorDetail(result);
  return {
    outcome: 'tool_error',
    ...(typeof detail?.reason === 'string' ? { reason: detail.reason } : {}),
    ...(typeof detail?.errorId === 'string' ? { errorId: detail.errorId } : {}),
  };
}

/** How a tool call ended, from the dispatcher's outcome. */
export function toolSettled(outcome: ToolOutcome): Settled {
  switch (outcome.outcome) {
    case 'result':
      return outcome.result.isError ? errorDetail(outcome.result) : OK;
    case 'invalid':
      return INVALID;
    case 'input_required':
      return INPUT_REQUIRED;
    case 'task':
      return { outcome: 'task', taskId: outcome.task.taskId };
    default:
      return { outcome: 'refused', reason: outcome.refused };
  }
}

/** How a task's work ended: what the invoker returned for it. */
export function runSettled(result: CallToolResult | PendingInput): Settled {
  if (result instanceof PendingInput) return INPUT_REQUIRED;
  return result.isError ? errorDetail(result) : OK;
}

/** How a prompt, resource or completion request ended. */
export function readSettled(outcome: ReadOutcome<unknown>): Settled {
  if (outcome.outcome === 'result') return OK;
  if (outcome.outcome === 'input_required') return INPUT_REQUIRED;
  return { outcome: 'refused', reason: outcome.refused };
}

/** A call that threw: the JSON-RPC error the front door answers with (a failing prompt or resource). */
export function thrownSettled(error: unknown): Settled {
  const data = (error as { data?: { reason?: unknown; errorId?: unknown } } | undefined)?.data;
  return {
    outcome: 'failed',
    reason: typeof data?.reason === 'string' ? data.reason : 'error',
    ...(typeof data?.errorId === 'string' ? { errorId: data.errorId } : {}),
  };
}
