import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { applyMigrations, getPgPoolHostToken, type PgPoolHost } from '@skillnest/pools';
import { describeCause } from '@skillnest/skills/internal';
import type { Pool } from 'pg';
import { GatewayConfigError } from '../../errors/gateway-config.error';
import { AUDIT_SETTINGS } from './audit.constants';
import { AuditMessages } from './audit.messages';
import type { AuditSettings } from './audit.options';
import { AUDIT_MIGRATIONS } from './audit-migrations';

const MIGRATION_RETRY_MS = 5_000;

/**
 * Where the audit trail is kept: the `PgPoolModule` pool named by `audit.pool`, found at bootstrap
 * (none of that name fails startup, saying so), its table created by the trail's own migration.
 * A pool that is not up yet (`onStartupFailure: 'retry'`) is migrated once it is; until then the
 * writer keeps its records.
 */
@Injectable()
export class AuditStorage implements OnApplicationBootstrap {
  private readonly logger = new Logger('Audit');
  private host?: PgPoolHost;
  private migrated = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(AUDIT_SETTINGS) readonly settings: AuditSettings,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.host = this.moduleRef.get<PgPoolHost>(getPgPoolHostToken(this.settings.pool), { strict: false });
    } catch {
      throw new GatewayConfigError(AuditMessages.noPool(this.settings.pool));
    }
    await this.migrate();
  }

  /** The pool, once the table exists and while the pool is not closing; undefined otherwise. */
  get pool(): Pool | undefined {
    const pool = this.host?.pool;
    return this.migrated && pool && !pool.ending ? pool : undefined;
  }

  /** Whether the pool has closed (or is closing): nothing can be written any more. */
  get closed(): boolean {
    return this.host?.pool.ending === true;
  }

  /** Shutdown: no more migration attempts. */
  stop(): void {
    clearTimeout(this.retryTimer);
  }

  private async migrate(): Promise<void> {
    try {
      const applied = await applyMigrations(this.host!.pool, AUDIT_MIGRATIONS);
      if (applied.length) this.logger.log(AuditMessages.migrated(this.settings.pool, applied));
      this.migrated = true;
    } catch (error) {
      this.logger.warn(AuditMessages.storageFailedLog('creating the audit table', describeCause(error)));
      this.retryTimer = setTimeout(() => void this.migrate(), MIGRATION_RETRY_MS);
      this.retryTimer.unref();
    }
  }
}
