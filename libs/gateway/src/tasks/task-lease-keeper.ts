import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { describeCause, serverShutdownReason } from '@skillnest/skills/internal';
import { ThrottledWarnings } from '../session/throttled-warnings';
import type { TaskEvent } from './task-events';
import type { TaskRun } from './task-run';
import { TaskStorage } from './task-storage';
import type { TaskCapRefusal } from './task.types';
import { TasksMessages } from './tasks.messages';

/**
 * The tasks this replica runs, and their leases: renewed together three times a lease, each
 * renewal also saying what became of them (cancelled or lost: the run stops; answers waiting:
 * delivered), so a missed event costs a renewal's delay, never a stuck task. When renewals fail
 * for a whole lease the runs stop: another replica may take the tasks over from then on, and a
 * task must never run twice at once. At shutdown the runs get until the drain deadline, then are
 * handed over: a rerunnable task's lease is given up for another replica to claim, any other is
 * reported failed, exactly as a lost one would be.
 */
@Injectable()
export class TaskLeaseKeeper {
  private readonly logger = new Logger('Tasks');
  private readonly warnings = new ThrottledWarnings(this.logger);
  private readonly runs = new Map<string, { run: TaskRun; settled: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private renewedAt = performance.now();
  private renewing = false;

  constructor(private readonly storage: TaskStorage) {}

  start(): void {
    const every = Math.floor(this.storage.settings.leaseMs / 3);
    this.timer = setInterval(() => void this.renew(), every);
    this.timer.unref();
    this.storage.onEvents((event) => this.heard(event));
  }

  add(id: string, run: TaskRun, settled: Promise<void>): void {
    const entry = { run, settled: settled.finally(() => this.runs.delete(id)) };
    this.runs.set(id, entry);
  }

  get size(): number {
    return this.runs.size;
  }

  warnCap(refusal: TaskCapRefusal, principal: string): void {
    this.warnings.warn(refusal.limit, () => TasksMessages.capReachedLog(refusal.limit, refusal.max, refusal.scope === 'principal' ? principal : undefined));
  }

  /** Waits for the runs to finish, up to `deadlineMs`; hands over those still running then. */
  async drain(deadlineMs: number): Promise<void> {
    if (this.runs.size > 0) {
      this.logger.log(TasksMessages.draining(this.runs.size, deadlineMs));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...this.runs.values()].map((entry) => entry.settled)), new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
      clearTimeout(timer);
    }
    clearInterval(this.timer);
    const left = [...this.runs.entries()];
    if (left.length === 0) return;
    for (const [, { run }] of left) run.stop('handover', serverShutdownReason());
    const leases = this.storage.leases;
    const shutDown = { code: -32603, message: TasksMessages.shutDown(), data: { reason: 'shutting_down' } };
    await Promise.all(
      left.map(([id, { run }]) =>
        (run.settings.rerunnable ? leases.release(id) : leases.finish(id, 'failed', { error: shutDown, message: shutDown.message })).catch((error: unknown) =>
          this.logger.warn(TasksMessages.storageFailedLog('handing a task over', describeCause(error))),
        ),
      ),
    );
    this.logger.warn(TasksMessages.handedOver(left.length, left.filter(([, { run }]) => run.settings.rerunnable).length));
  }

  private heard(event: TaskEvent): void {
    const run = this.runs.get(event.id)?.run;
    if (!run) return;
    if (event.kind === 'cancel') run.stop('cancelled');
    else if (event.kind === 'answers' && run.parked) {
      void this.storage.leases.answersOf(event.id).then(
        (answers) => run.deliver(answers),
        () => undefined,
      );
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing) return;
    const startedAt = performance.now();
    if (this.runs.size === 0) {
      this.renewedAt = startedAt;
      return;
    }
    this.renewing = true;
    const ids = [...this.runs.keys()];
    try {
      const parked = ids.filter((id) => this.runs.get(id)?.run.parked);
      const renewals = new Map((await this.storage.leases.renew(ids, parked, this.storage.settings.leaseMs)).map((renewal) => [renewal.id, renewal]));
      this.renewedAt = startedAt;
      for (const id of ids) {
        const run = this.runs.get(id)?.run;
        const renewal = renewals.get(id);
        if (!run) continue;
        // Gone (past its time to live), cancelled, or taken over by another replica.
        if (!renewal || !renewal.renewed) run.stop(renewal?.status === 'cancelled' ? 'cancelled' : 'lost');
        else if (renewal.answers) run.deliver(renewal.answers);
      }
    } catch (error) {
      this.warnings.warn('renewal', () => TasksMessages.storageFailedLog('renewing task leases', describeCause(error)));
      if (performance.now() - this.renewedAt > this.storage.settings.leaseMs) for (const id of ids) this.runs.get(id)?.run.stop('lost');
    } finally {
      this.renewing = false;
    }
  }
}
