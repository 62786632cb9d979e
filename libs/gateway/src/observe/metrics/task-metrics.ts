import type { LoggerService } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { describeCause } from '@skillnest/skills/internal';
import type { GatewayTelemetry } from '../gateway-telemetry';
import type { TaskStatus } from '../../tasks/task.constants';
import { MetricsMessages } from './metrics.messages';
import { readGauge, type Reading } from './metric-readers';

/** How long a count of the task table is reused: scrapes (from every Prometheus replica) cost at most one query per gateway in that time. */
export const TASK_COUNTS_TTL_MS = 5_000;
const STATUSES: readonly TaskStatus[] = ['working', 'input_required', 'completed', 'failed', 'cancelled'];

type Counts = ReadonlyMap<TaskStatus, number> | undefined;

/** One gateway's task counts, cached: concurrent scrapes share one query, and a failure (counts unknown) is cached too, so a database that is down is not asked at every scrape. */
class CachedTaskCounts {
  private value?: { at: number; counts: Counts };
  private pending?: Promise<Counts>;
  private failureLogged = false;

  constructor(
    private readonly gateway: GatewayTelemetry,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  read(): Promise<Counts> | Counts {
    if (this.value && Date.now() - this.value.at < TASK_COUNTS_TTL_MS) return this.value.counts;
    this.pending ??= this.gateway
      .taskCounts()
      .then(
        (rows) => {
          this.failureLogged = false;
          return new Map(rows.map((row) => [row.status, row.count]));
        },
        (error: unknown) => {
          if (!this.failureLogged) this.logger.warn(MetricsMessages.taskCountsFailed(this.gateway.path, describeCause(error)));
          this.failureLogged = true;
          return undefined;
        },
      )
      .then((counts) => {
        this.value = { at: Date.now(), counts };
        this.pending = undefined;
        return counts;
      });
    return this.pending;
  }
}

/** `skillnest_tasks{gateway, status}` for every gateway that serves tasks: a grouped count of its task table, at most every 5 s. */
export function registerTaskMetrics(registry: Registry, gateways: () => readonly GatewayTelemetry[], logger: Pick<LoggerService, 'warn'>): void {
  const caches = new Map<GatewayTelemetry, CachedTaskCounts>();
  readGauge(registry, {
    name: 'skillnest_tasks',
    help: `Unexpired tasks by status, for each gateway that serves tasks (counted in PostgreSQL at most every ${TASK_COUNTS_TTL_MS / 1000} s; absent while the count fails).`,
    labelNames: ['gateway', 'status'],
    read: async () => {
      const readings: Reading[] = [];
      for (const gateway of gateways()) {
        if (!gateway.servesTasks) continue;
        let cache = caches.get(gateway);
        if (!cache) caches.set(gateway, (cache = new CachedTaskCounts(gateway, logger)));
        const counts = await cache.read();
        if (counts) for (const status of STATUSES) readings.push([{ gateway: gateway.path, status }, counts.get(status) ?? 0]);
      }
      return readings;
    },
  });
}
