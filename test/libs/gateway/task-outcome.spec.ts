import { PendingInput, toolErrorResult } from '@skillnest/skills/internal';
import { taskOutcome } from '../../../libs/gateway/src/tasks/task-outcome';
import { createTaskResult, detailedTask } from '../../../libs/gateway/src/tasks/task-wire';
import type { TaskRow } from '../../../libs/gateway/src/tasks/task.types';

const row = (fields: Partial<TaskRow>): TaskRow =>
  ({
    id: 'abc',
    status: 'working',
    status_message: null,
    result: null,
    error: null,
    input_requests: {},
    ttl_ms: 60_000,
    poll_interval_ms: 1_000,
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:01Z'),
    ...fields,
  }) as TaskRow;

/** What a skill's return makes of its task, and the wire shapes of a task, as SEP-2663 splits them. */
describe('task outcomes and wire shapes', () => {
  it('completes with any result, isError included, kept as the tools/call answer it stands for', () => {
    expect(taskOutcome('t', undefined, { content: [{ type: 'text', text: 'ok' }] })).toEqual({
      status: 'completed',
      result: { content: [{ type: 'text', text: 'ok' }], resultType: 'complete' },
    });
    expect(taskOutcome('t', undefined, toolErrorResult('no such service', { reason: 'not_found' }))).toMatchObject({ status: 'completed', result: { isError: true } });
  });

  it('fails with a JSON-RPC error for a server failure, never with the cause', () => {
    const internal = toolErrorResult('The tool "t" failed unexpectedly. The error was logged with id 42.', { reason: 'internal_error', errorId: '42' });
    expect(taskOutcome('t', undefined, internal)).toEqual({
      status: 'failed',
      error: { code: -32603, message: 'The tool "t" failed unexpectedly. The error was logged with id 42.', data: { reason: 'internal_error', errorId: '42' } },
      message: 'The tool "t" failed unexpectedly. The error was logged with id 42.',
    });
    expect(taskOutcome('t', { code: -32021, message: 'no elicitation' }, undefined)).toMatchObject({ status: 'failed', error: { code: -32021 } });
    expect(taskOutcome('t', undefined, new PendingInput({}, {}))).toMatchObject({ status: 'failed', error: { code: -32603 } });
  });

  it('answers a CreateTaskResult with the task alone, and tasks/get with what its status carries', () => {
    const done = row({ status: 'completed', result: { content: [], resultType: 'complete' }, status_message: 'done' });
    expect(createTaskResult(done)).toEqual({
      resultType: 'task',
      taskId: 'abc',
      status: 'completed',
      statusMessage: 'done',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUpdatedAt: '2026-01-01T00:00:01.000Z',
      ttlMs: 60_000,
      pollIntervalMs: 1_000,
    });
    expect(detailedTask(done)).toMatchObject({ result: { content: [] } });
    expect(detailedTask(row({ status: 'input_required', input_requests: { k: { method: 'elicitation/create', params: {} } } }))).toMatchObject({ inputRequests: { k: {} } });
    expect(detailedTask(row({ status: 'failed', error: { code: -32603, message: 'lost' } }))).toMatchObject({ error: { code: -32603 } });
    expect(detailedTask(row({ status: 'cancelled', input_requests: { k: { method: 'x', params: {} } } }))).not.toHaveProperty('inputRequests');
  });
});
