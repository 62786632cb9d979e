import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeCause, isThenable } from '@skillnest/skills/internal';
import { SkillDispatcher } from '../dispatch/skill-dispatcher';
import { ThrottledWarnings } from '../session/throttled-warnings';
import { TaskStorage } from './task-storage';
import type { TaskRow } from './task.types';
import { TasksMessages } from './tasks.messages';

/**
 * What every replica does for tasks no replica looks after any more, every `sweepIntervalMs`, at
 * most `sweepBatch` rows a step: a running task whose lease ran out (its replica died or hung) is
 * failed with a clear error, or, for a tool declared `rerunnable` that has runs left, claimed by
 * this replica (a conditional UPDATE: one replica wins) and run again through the dispatcher;
 * rows past their time to live are deleted. Each replica sweeps, so a crashed one's tasks are
 * found by the others, and by itself once it is back.
 */
@Injectable()
export class TaskSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Tasks');
  private readonly warnings = new ThrottledWarnings(this.logger);
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly storage: TaskStorage,
    private readonly dispatcher: SkillDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.storage.enabled) return;
    this.timer = setInterval(() => void this.sweep(), this.storage.settings.sweepIntervalMs);
    this.timer.unref();
  }

  /** Shutdown: this replica takes no more tasks over. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep (the interval's work; callable at once, e.g. by a test). */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    const { sweepBatch, maxAttempts, leaseMs } = this.storage.settings;
    try {
      const leases = this.storage.leases;
      await leases.failLost(sweepBatch, maxAttempts, TasksMessages.lost());
      if (this.timer !== undefined) for (const row of await leases.claimLost(sweepBatch, maxAttempts, leaseMs, TasksMessages.restarted())) await this.rerun(row);
      await leases.deleteExpired(sweepBatch);
    } catch (error) {
      this.warnings.warn('sweep', () => TasksMessages.storageFailedLog('sweeping tasks', describeCause(error)));
    } finally {
      this.sweeping = false;
    }
  }

  /** Runs a claimed task again, as the caller that created it, with the answers it gave; a tool that cannot run any more fails it. */
  private async rerun(row: TaskRow): Promise<void> {
    const pending = this.dispatcher.callTool(row.tool, row.arguments, {
      caller: row.caller,
      client: row.client,
      requestId: row.id,
      via: 'task',
      headers: {},
      answers: row.answers,
      admitted: true,
      resumedTask: row,
    });
    const outcome = isThenable(pending) ? await pending : pending;
    if (outcome.outcome === 'task') return;
    const why = outcome.outcome === 'refused' ? outcome.message : outcome.outcome === 'invalid' ? outcome.problems.join('; ') : 'answered without running as a task';
    const message = TasksMessages.resumeRefused(row.tool, why);
    await this.storage.leases.finish(row.id, 'failed', { error: { code: -32602, message }, message });
  }
}
