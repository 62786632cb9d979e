import { Injectable } from '@nestjs/common';
import { MissingRequiredClientCapabilityError, ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { ReadOutcome, ToolOutcome } from '../dispatch/dispatch.types';
import { installTaskMethods } from './task-methods';
import { TaskStorage } from './task-storage';
import type { CreateTaskResult } from './task.types';

/** The outcomes only task tools have: a task, or a refusal of the tasks machinery. */
export type TaskOutcome = Extract<ToolOutcome, { outcome: 'task' } | { refused: 'capability' | 'tasks' | 'unavailable' }>;

export const isTaskOutcome = (outcome: ToolOutcome | ReadOutcome<unknown>): outcome is TaskOutcome =>
  outcome.outcome === 'task' || (outcome.outcome === 'refused' && (outcome.refused === 'capability' || outcome.refused === 'tasks' || outcome.refused === 'unavailable'));

/** What the HTTP answer to a request needs beyond what the SDK wrote. */
type Adjustment = { kind: 'created' } | { kind: 'refused'; status: 429 | 503; retryAfterSec: number };

/**
 * The SDK side of tasks on one gateway: the `tasks/*` methods of a 2026-07-28 server instance,
 * and the answers of the task outcomes of `tools/call`. Two of those need the HTTP response
 * itself, which only the route sees: a `CreateTaskResult` loses the `content: []` that the SDK's
 * `tools/call` seam fills into every result without one (v1 parity; a task handle must not look
 * like a tool result), and a cap refusal gets 429 or 503 with `Retry-After`, like every other
 * shared-resource cap of the gateway, instead of the SDK's 200.
 */
@Injectable()
export class TaskAnswers {
  private readonly adjustments = new WeakMap<Request, Adjustment>();

  constructor(private readonly storage: TaskStorage) {}

  get enabled(): boolean {
    return this.storage.enabled;
  }

  install(server: Server): void {
    installTaskMethods(server, this.storage);
  }

  /** The task outcome as the SDK handler returns or throws it. */
  answer(outcome: TaskOutcome, ctx: ServerContext): CreateTaskResult {
    const request = ctx.http?.req;
    if (outcome.outcome === 'task') {
      if (request) this.adjustments.set(request, { kind: 'created' });
      return outcome.task;
    }
    switch (outcome.refused) {
      case 'capability':
        throw new MissingRequiredClientCapabilityError({ requiredCapabilities: outcome.requiredCapabilities }, outcome.message);
      case 'tasks':
        if (request) this.adjustments.set(request, { kind: 'refused', status: outcome.scope === 'principal' ? 429 : 503, retryAfterSec: outcome.retryAfterSec });
        throw new ProtocolError(-32000 as ProtocolErrorCode, outcome.message, { limit: outcome.limit, max: outcome.max });
      default:
        throw new ProtocolError(ProtocolErrorCode.InternalError, outcome.message);
    }
  }

  /** The SDK's response, adjusted for a task outcome of its request (most responses pass untouched). */
  async adjust(request: Request, response: Response): Promise<Response> {
    const adjustment = this.adjustments.get(request);
    if (!adjustment || !response.headers.get('content-type')?.startsWith('application/json')) return response;
    const headers = new Headers(response.headers);
    if (adjustment.kind === 'refused') {
      headers.set('retry-after', String(adjustment.retryAfterSec));
      headers.set('cache-control', 'no-store');
      return new Response(response.body, { status: adjustment.status, headers });
    }
    const body = (await response.json()) as { result?: Record<string, unknown> };
    if (body.result && Array.isArray(body.result.content) && body.result.content.length === 0) delete body.result.content;
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, headers });
  }
}
