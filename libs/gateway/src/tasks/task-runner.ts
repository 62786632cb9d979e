import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolDefinition } from '@skillnest/skills';
import { PendingInput, type MaybePromise, type SkillCallEnvironment } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import type { DispatchRequest, ToolOutcome } from '../dispatch/dispatch.types';
import { CallObservers } from '../observe/call-observers';
import type { ObservedCall } from '../observe/skill-call-observer';
import { declaresTasks, TASKS_REQUIRED_CAPABILITIES } from './task.constants';
import { newTaskId } from './task-id.util';
import { TaskRun } from './task-run';
import { TaskStorage, TaskStoreUnavailableError } from './task-storage';
import { createTaskResult } from './task-wire';
import { taskOutcome, type Finished } from './task-outcome';
import type { TaskRow } from './task.types';
import { TasksMessages } from './tasks.messages';
import { TaskLeaseKeeper } from './task-lease-keeper';
import { taskRunSettled } from './task-run-settled.util';

/** Runs the skill with the task's parts of its call environment. */
export type TaskInvoke = (env: Partial<SkillCallEnvironment>) => MaybePromise<CallToolResult | PendingInput>;

type Refused = Extract<ToolOutcome, { outcome: 'refused' }>;
const noop = async () => undefined;

/**
 * Runs task tools for the `SkillDispatcher`, which decides everything else about the call (access,
 * budgets, validation, enhancers) and asks here only how it runs: `plan` says whether the request
 * gets a task, `start` runs it: in the request for `inlineMs`, then (or at once) as a task whose
 * row is committed before the answer, the work going on here under a lease (`TaskLeaseKeeper`).
 * When the skill returns, its outcome is written: a result (isError included) `completed`, a
 * failure of the server (a bug, an input request the client cannot take) `failed` with a
 * JSON-RPC error. A cancelled task was marked so by `tasks/cancel`; a lost or handed over one is
 * another replica's to finish.
 */
@Injectable()
export class TaskRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly storage: TaskStorage,
    private readonly keeper: TaskLeaseKeeper,
    private readonly config: GatewayConfig,
    private readonly observers: CallObservers,
  ) {}

  onApplicationBootstrap(): void {
    if (this.storage.enabled) this.keeper.start();
  }

  /**
   * Whether this call of `tool` gets a task: `sync` (a plain call), `task`, or -32021 for a
   * task-only tool and a 2026-07-28 client that did not declare the extension (before it is
   * charged or validated). Legacy clients, REST without `Prefer: respond-async` and nested calls
   * run task tools synchronously, as before tasks existed.
   */
  plan(tool: ToolDefinition, request: DispatchRequest): 'sync' | 'task' | Refused {
    const settings = this.storage.settingsOf(tool);
    if (!settings || request.taskMode === 'inline') return 'sync';
    if (request.resumedTask || request.taskMode === 'accept') return 'task';
    const modern = request.client.era === 'modern';
    if (modern && declaresTasks(request.client.capabilities)) return 'task';
    if (modern && settings.mode === 'required') {
      return { outcome: 'refused', refused: 'capability', message: TasksMessages.requiresTasks(tool.name), requiredCapabilities: TASKS_REQUIRED_CAPABILITIES };
    }
    return 'sync';
  }

  async start(tool: ToolDefinition, args: unknown, request: DispatchRequest, invoke: TaskInvoke): Promise<ToolOutcome> {
    const settings = this.storage.settingsOf(tool)!;
    const run = new TaskRun(this.storage.leases, settings, request.client.capabilities);
    const answers = { ...(request.answers ?? {}) };
    const env: Partial<SkillCallEnvironment> = {
      cancellation: run.cancellation,
      // Not among the calls the drain deadline cancels: a task is handed over instead (`TaskLeaseKeeper`).
      calls: undefined,
      answers,
      defaultTimeoutMs: settings.timeoutMs,
      progress: run.progress,
      log: noop,
      deferredInputs: run.deferred,
    };
    // The task's work, reported (`via: 'task'`) when it ends; the call itself is reported as `task` by the dispatcher.
    const observed = this.observers.active ? this.observers.taskRun(tool, args, request) : undefined;
    if (request.resumedTask) return this.resume(request.resumedTask, run, invoke(env), observed);
    const inlineMs = settings.inlineMs;
    if (inlineMs === undefined) {
      run.becomeTask();
      const created = await this.create(run, tool, args, request, answers);
      if ('outcome' in created) return created;
      return this.track(created, run, invoke(env), observed);
    }
    run.follow(request.signal ?? request.cancellation?.signal);
    const pending = Promise.resolve(invoke(env));
    let timer: NodeJS.Timeout | undefined;
    const inline = await Promise.race([pending, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), inlineMs)))]);
    clearTimeout(timer);
    if (inline !== undefined) {
      run.end();
      if (inline instanceof PendingInput) return { outcome: 'input_required', pending: inline };
      if (settings.mode === 'optional') return { outcome: 'result', result: inline };
      // A task-only tool that finished at once: a task already finished.
      const done = await this.create(run, tool, args, request, answers, taskOutcome(tool.name, run.failure, inline));
      if ('outcome' in done) return done;
      if (observed) this.observers.report(observed, taskRunSettled(done.id, undefined, run.failure, inline));
      return { outcome: 'task', task: createTaskResult(done) };
    }
    run.becomeTask();
    const created = await this.create(run, tool, args, request, answers);
    if ('outcome' in created) {
      run.stop('refused');
      return created;
    }
    return this.track(created, run, pending, observed);
  }

  /** Shutdown: running tasks finish up to the drain deadline, then go to other replicas (`TaskLeaseKeeper.handOver`). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.storage.enabled) return;
    await this.keeper.drain(this.config.drainTimeoutMs);
    await this.storage.close();
  }

  private async create(
    run: TaskRun,
    tool: ToolDefinition,
    args: unknown,
    request: DispatchRequest,
    answers: Record<string, unknown>,
    done?: Finished,
  ): Promise<TaskRow | Refused> {
    const { rerunnable, ttlMs, pollIntervalMs } = run.settings;
    try {
      const row = await this.storage.guarded('creating a task', () =>
        this.storage.store.create(
          {
            id: newTaskId(),
            principal: request.caller.id,
            tool: tool.name,
            args,
            caller: request.caller,
            client: request.client,
            status: done?.status ?? 'working',
            statusMessage: done?.message ?? run.message ?? TasksMessages.working(),
            result: done?.result,
            error: done?.error,
            answers,
            rerunnable,
            ttlMs,
            pollIntervalMs,
          },
          this.storage.origin,
        ),
      );
      if ('refused' in row) {
        this.keeper.warnCap(row, request.caller.id);
        return { outcome: 'refused', ...row };
      }
      run.message = undefined;
      return row;
    } catch (error) {
      if (!(error instanceof TaskStoreUnavailableError)) throw error;
      run.stop('refused');
      return { outcome: 'refused', refused: 'unavailable', message: error.message };
    }
  }

  private track(row: TaskRow, run: TaskRun, pending: MaybePromise<CallToolResult | PendingInput>, observed: ObservedCall | undefined): ToolOutcome {
    run.created(row.id);
    this.keeper.add(row.id, run, this.settle(row.tool, run, pending, observed));
    return { outcome: 'task', task: createTaskResult(row) };
  }

  private resume(row: TaskRow, run: TaskRun, pending: MaybePromise<CallToolResult | PendingInput>, observed: ObservedCall | undefined): ToolOutcome {
    run.becomeTask();
    return this.track(row, run, pending, observed);
  }

  /** Writes the run's outcome once the skill returns, unless the task is no longer this replica's to finish. */
  private async settle(tool: string, run: TaskRun, pending: MaybePromise<CallToolResult | PendingInput>, observed: ObservedCall | undefined): Promise<void> {
    let value: CallToolResult | PendingInput | undefined;
    try {
      value = await pending;
    } catch {
      value = undefined;
    }
    run.end();
    if (observed) this.observers.report(observed, taskRunSettled(run.id, run.stopped, run.failure, value));
    if (run.stopped && run.stopped !== 'failed') return;
    const done = taskOutcome(tool, run.failure, value);
    await this.storage.guarded('finishing a task', () => this.storage.leases.finish(run.id!, done.status, done)).catch(() => undefined);
  }
}
