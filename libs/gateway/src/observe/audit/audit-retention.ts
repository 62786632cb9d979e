import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeCause } from '@skillnest/skills/internal';
import { ThrottledWarnings } from '../../session/throttled-warnings';
import { AuditMessages } from './audit.messages';
import { AuditStorage } from './audit-storage';
import { deleteExpiredAuditRecords } from './audit-store';

/** Most statements one sweep runs: a backlog (retention shortened, a long outage) goes over several sweeps. */
const MAX_STATEMENTS = 10;

/**
 * Deletes records older than `retentionDays`, every `retentionIntervalMs`, at most
 * `retentionBatch` rows a statement and 10 statements a sweep, so a sweep never holds many
 * locks or runs long. Every replica sweeps: the delete skips rows another replica is deleting
 * (`FOR UPDATE SKIP LOCKED`) and deleting an old row twice is impossible, so it does not matter
 * which replicas run it, or how many.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private readonly warnings = new ThrottledWarnings(this.logger);
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(private readonly storage: AuditStorage) {}

  onApplicationBootstrap(): void {
    if (this.storage.settings.retentionDays === 0) return;
    this.timer = setInterval(() => void this.sweep(), this.storage.settings.retentionIntervalMs);
    this.timer.unref();
  }

  /** Shutdown: no more sweeps. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One sweep (the interval's work; callable at once, e.g. by a test); returns how many records it deleted. */
  async sweep(): Promise<number> {
    const { retentionDays, retentionBatch } = this.storage.settings;
    const pool = this.storage.pool;
    if (this.sweeping || !pool || retentionDays === 0) return 0;
    this.sweeping = true;
    let deleted = 0;
    try {
      for (let statement = 0; statement < MAX_STATEMENTS; statement++) {
        const count = await deleteExpiredAuditRecords(pool, retentionDays, retentionBatch);
        deleted += count;
        if (count < retentionBatch) break;
      }
    } catch (error) {
      this.warnings.warn('retention', () => AuditMessages.storageFailedLog('deleting old records', describeCause(error)));
    } finally {
      this.sweeping = false;
    }
    if (deleted) this.logger.log(AuditMessages.retentionDeletedLog(deleted, retentionDays));
    return deleted;
  }
}
