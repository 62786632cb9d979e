import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { describeCause } from '@skillnest/skills/internal';
import { ThrottledWarnings } from '../../session/throttled-warnings';
import { AuditMessages } from './audit.messages';
import { AuditQueue } from './audit-queue';
import type { AuditRecord } from './audit-record';
import type { AuditStats, AuditStatsSource } from './audit-stats';
import { AuditStorage } from './audit-storage';
import { insertAuditRecords } from './audit-store';

/** The longest wait between two attempts while PostgreSQL cannot be written. */
const MAX_BACKOFF_MS = 30_000;
/** At shutdown, the first wait between attempts (doubling up to the deadline). */
const SHUTDOWN_RETRY_MS = 100;

/**
 * Writes the audit records off the request path: `push` only queues (the calls never wait for
 * PostgreSQL, nor fail with it), and a timer writes what is queued every `flushIntervalMs` in
 * batches of at most `batchSize` records, one INSERT each, or at once when a batch is full.
 * While PostgreSQL cannot be written the records are kept, up to `maxPending` (then the oldest
 * are dropped, counted and logged), and the writes retried with a growing delay.
 *
 * Shutdown: Nest runs `beforeApplicationShutdown` of the global modules (this one) after that of
 * every other module, so after each gateway's drain has let its last calls settle, and every
 * `onApplicationShutdown` after that, where the pools close. So the last records are written in
 * `beforeApplicationShutdown` (retried up to `shutdownFlushMs`); one that still arrives later is
 * written at once, while a pool is open; what is left when the pool has closed is counted as lost.
 */
@Injectable()
export class AuditWriter implements AuditStatsSource, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly warnings = new ThrottledWarnings(this.logger);
  private readonly queue: AuditQueue<AuditRecord>;
  private readonly settings: AuditStorage['settings'];
  private inFlight = 0;
  private written = 0;
  private dropped = 0;
  private failedFlushes = 0;
  /** Failed flushes in a row (0: PostgreSQL is being written). */
  private failures = 0;
  /** `dropped` when the current run of failures began: the recovery says how many that run cost. */
  private droppedBefore = 0;
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private soon = false;
  private closing = false;
  private ended = false;

  constructor(private readonly storage: AuditStorage) {
    this.settings = storage.settings;
    this.queue = new AuditQueue(this.settings.maxPending);
  }

  stats(): AuditStats {
    return { pending: this.queue.length + this.inFlight, written: this.written, dropped: this.dropped, failedFlushes: this.failedFlushes };
  }

  onApplicationBootstrap(): void {
    this.schedule(this.settings.flushIntervalMs);
  }

  /** Queues a record (the request path: nothing else happens here). */
  push(record: AuditRecord): void {
    if (this.ended) return this.lose(1, 'the pool had closed');
    const dropped = this.queue.push(record);
    if (dropped) this.drop(dropped);
    if (this.closing || (this.failures === 0 && this.queue.length >= this.settings.batchSize)) this.flushSoon();
  }

  /** Writes every queued record, batch after batch; stops at the first failure (the records stay queued). Callable at any time. */
  flush(): Promise<void> {
    this.flushing ??= this.writeQueued().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Shutdown step 1 (after the gateways' drain): the last records, retried up to `shutdownFlushMs`. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    const deadline = performance.now() + this.settings.shutdownFlushMs;
    const before = this.written;
    for (let wait = SHUTDOWN_RETRY_MS; ; wait *= 2) {
      await this.flush();
      const left = deadline - performance.now();
      if (this.queue.length === 0 || left <= 0 || this.storage.closed) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
    }
    if (this.written > before) this.logger.log(AuditMessages.flushedAtShutdown(this.written - before));
  }

  /** Shutdown step 2: a record that came late is written if a pool is still open; the rest is lost, and said so. */
  async onApplicationShutdown(): Promise<void> {
    this.storage.stop();
    await this.flushing;
    if (this.queue.length > 0 && this.storage.pool) await this.flush();
    this.ended = true;
    const left = this.queue.clear().length;
    if (left) this.lose(left, this.storage.closed ? 'the pool had closed' : 'PostgreSQL could not be written');
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const pool = this.storage.pool;
      // Not migrated yet, or closing: the records wait.
      if (!pool) return;
      const batch = this.queue.take(this.settings.batchSize);
      this.inFlight = batch.length;
      try {
        const { rejected } = await insertAuditRecords(pool, batch);
        this.inFlight = 0;
        this.written += batch.length - rejected;
        if (rejected) {
          this.dropped += rejected;
          this.warnings.warn('rejected', () => AuditMessages.rejectedLog(rejected));
        }
        if (this.failures > 0) this.logger.log(AuditMessages.recovered(this.queue.length + batch.length - rejected, this.dropped - this.droppedBefore));
        // Drops are reported since the last write that succeeded: those before the first failed attempt (a full queue while it had not yet run) count too.
        this.droppedBefore = this.dropped;
        this.failures = 0;
      } catch (error) {
        this.inFlight = 0;
        this.failedFlushes++;
        this.failures++;
        const dropped = this.queue.putBack(batch);
        if (dropped) this.drop(dropped);
        this.warnings.warn('flush', () => AuditMessages.flushFailedLog(this.queue.length, this.nextDelay(), describeCause(error)));
        return;
      }
    }
  }

  /** Off the request path, but without waiting for the timer: a full batch, or a record that arrives during shutdown. */
  private flushSoon(): void {
    if (this.soon) return;
    this.soon = true;
    setImmediate(() => {
      this.soon = false;
      void this.flush();
    });
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.flush().finally(() => {
        if (!this.closing) this.schedule(this.nextDelay());
      });
    }, ms);
    this.timer.unref();
  }

  /** The flush interval, or while writes fail, that doubled for each failure in a row (at most 30 s). */
  private nextDelay(): number {
    const interval = this.settings.flushIntervalMs;
    return this.failures === 0 ? interval : Math.max(interval, Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(this.failures, 16)));
  }

  private drop(count: number): void {
    this.dropped += count;
    this.warnings.warn('dropped', () => AuditMessages.droppedLog(this.dropped, this.settings.maxPending));
  }

  private lose(count: number, why: string): void {
    this.dropped += count;
    this.logger.error(AuditMessages.lostAtShutdown(count, why));
  }
}
