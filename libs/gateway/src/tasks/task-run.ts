import { CallCancellation, PendingInput, type DeferredInputs, type InputRequestSpec } from '@skillnest/skills/internal';
import { firstUnsupportedInput } from '../mcp/input-capabilities.util';
import type { TaskLeases } from './task-leases';
import type { ToolTaskSettings } from './task-settings';
import type { TaskError } from './task.types';
import { TasksMessages } from './tasks.messages';

/** Why a run stopped before its skill returned; each decides what (if anything) the runner still writes. */
export type RunStop = 'cancelled' | 'lost' | 'handover' | 'refused' | 'failed';

/** Progress is written at most this often: a skill may report it in a tight loop. */
const PROGRESS_FLUSH_MS = 250;

interface Waiter {
  resolve(answer: unknown): void;
  reject(reason: unknown): void;
}

const describe = (request: InputRequestSpec) =>
  typeof request.params.message === 'string' ? request.params.message : request.method === 'sampling/createMessage' ? 'a model completion' : request.method;

/**
 * One call that runs (or may come to run) as a task on this replica. Before it is a task (the
 * `inlineMs` phase) it follows its request: the client going away cancels it, and its input
 * requests end the round as multi-round requests do. Once it is a task it follows the task: a
 * `tasks/cancel` anywhere stops it (`stop`), its input requests wait on the task
 * (`input_required`) until the client answers them (`deliver`), and its progress becomes the
 * task's `statusMessage`.
 */
export class TaskRun implements DeferredInputs {
  readonly cancellation = new CallCancellation();
  id?: string;
  stopped?: RunStop;
  /** The JSON-RPC error the run ends with, whatever the skill returns (an input request the client cannot take). */
  failure?: TaskError;
  /** The latest progress not yet written (the first one goes into the created row). */
  message?: string;
  /** Settles once the run's outcome is written. */
  settled?: Promise<void>;
  private task = false;
  private readonly waits = new Map<string, Waiter>();
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
  private unfollow?: () => void;
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly leases: TaskLeases,
    readonly settings: ToolTaskSettings,
    private readonly capabilities: Readonly<Record<string, unknown>>,
  ) {}

  /** The inline phase: the request's signal (the client going away) cancels the call. */
  follow(signal: AbortSignal | undefined): void {
    if (!signal) return;
    if (signal.aborted) return this.cancellation.abort(signal.reason);
    const forward = () => this.cancellation.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    this.unfollow = () => signal.removeEventListener('abort', forward);
  }

  /** From now on the call is a task: input waits on it, the request no longer matters. */
  becomeTask(): void {
    this.task = true;
    this.unfollow?.();
    this.unfollow = undefined;
  }

  /** The task row exists: input requests and progress can be written. */
  created(id: string): void {
    this.id = id;
    this.markReady();
  }

  /** The skill's input channel: this run once it is a task, nothing before (the multi-round phase). */
  readonly deferred = (): DeferredInputs | undefined => (this.task ? this : undefined);

  get parked(): boolean {
    return this.waits.size > 0;
  }

  wait(key: string, request: InputRequestSpec): Promise<unknown> {
    const unsupported = firstUnsupportedInput(new PendingInput({ [key]: request }, {}), this.capabilities);
    if (unsupported) {
      const message = TasksMessages.unsupportedInput(key, request.method);
      this.failure = { code: -32021, message, data: { requiredCapabilities: unsupported.required } };
      this.stop('failed');
      return Promise.reject(new Error(message));
    }
    const answer = new Promise<unknown>((resolve, reject) => this.waits.set(key, { resolve, reject }));
    void this.ready.then(() => (this.stopped ? undefined : this.leases.ask(this.id!, key, request, TasksMessages.waitingForInput(describe(request))))).catch(() => undefined);
    return answer;
  }

  /** The task's answers (all of them): the waits they answer resume. */
  deliver(answers: Record<string, unknown>): void {
    for (const [key, waiter] of [...this.waits]) {
      if (!(key in answers)) continue;
      this.waits.delete(key);
      waiter.resolve(answers[key]);
    }
  }

  /** The skill's `ctx.progress`: the task's `statusMessage`, written at most every 250 ms. */
  readonly progress = async (done: number, total?: number, message?: string): Promise<void> => {
    this.message = message ?? (total !== undefined ? `${done} of ${total}` : String(done));
    if (!this.task || this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => this.flush(), PROGRESS_FLUSH_MS);
    this.flushTimer.unref();
  };

  /** Stops the skill (its `ctx.signal` fires, its waits reject) for `reason`; the first reason wins. */
  stop(reason: RunStop, why: unknown = new DOMException('The task was cancelled', 'AbortError')): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const waiter of this.waits.values()) waiter.reject(why);
    this.waits.clear();
    this.cancellation.abort(why);
  }

  /** The skill returned: nothing more to follow or write. */
  end(): void {
    this.unfollow?.();
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private flush(): void {
    this.flushTimer = undefined;
    const message = this.message;
    if (message === undefined || this.id === undefined || this.stopped) return;
    this.message = undefined;
    void this.leases.progress(this.id, message).catch(() => undefined);
  }
}
