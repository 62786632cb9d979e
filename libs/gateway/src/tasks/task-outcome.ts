import type { CallToolResult } from '@modelcontextprotocol/server';
import { PendingInput, toolErrorDetail } from '@skillnest/skills/internal';
import type { TaskError } from './task.types';
import { TasksMessages } from './tasks.messages';

/** How a run ended, as its row records it. */
export interface Finished {
  status: 'completed' | 'failed';
  result?: Record<string, unknown>;
  error?: TaskError;
  message?: string;
}

const failed = (error: TaskError): Finished => ({ status: 'failed', error, message: error.message });

/**
 * What the skill's return makes of the task, as the spec splits it: a result, `isError` included
 * (a refusal, a timeout, a tool error), is `completed` with that result; `failed` is for JSON-RPC
 * errors: a failure of the server rather than of the tool (the invoker's `internal_error`, a bug
 * or outage logged under its error id, becomes -32603 with that id), or the `failure` the run
 * recorded (an input request the client cannot take, -32021). The result is kept as the
 * `tools/call` answer it replaces (`resultType: "complete"`, as official clients check it). `value` is undefined when the run
 * threw, which the invoker never lets a skill do.
 */
export function taskOutcome(tool: string, failure: TaskError | undefined, value: CallToolResult | PendingInput | undefined): Finished {
  if (failure) return failed(failure);
  if (value === undefined) return failed({ code: -32603, message: TasksMessages.crashed(tool) });
  if (value instanceof PendingInput) return failed({ code: -32603, message: TasksMessages.inputBeforeTask(tool) });
  const detail = toolErrorDetail(value);
  if (value.isError && detail?.reason === 'internal_error') {
    const text = value.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
    return failed({ code: -32603, message: text, data: detail });
  }
  // Inlined as the tools/call answer it stands for, on the 2026-07-28 wire: a complete result.
  return { status: 'completed', result: { ...value, resultType: 'complete' } };
}
