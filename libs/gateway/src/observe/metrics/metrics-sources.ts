import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PoolDirectory } from '@skillnest/pools';
import { AUDIT_STATS, type AuditStatsSource } from '../audit/audit-stats';
import { GatewayTelemetry } from '../gateway-telemetry';
import { registerAuditMetrics } from './audit-metrics';
import { registerCallMetrics } from './call-metrics';
import { CallMetricsObserver } from './call-metrics.observer';
import { registerGatewayMetrics } from './gateway-metrics';
import { MetricsRegistry } from './metrics-registry';
import { registerPoolMetrics } from './pool-metrics';
import { registerTaskMetrics } from './task-metrics';

/** Every gateway of the app (each `McpGatewayModule` import has its own `GatewayTelemetry`), in import order. */
export function findGateways(moduleRef: ModuleRef): GatewayTelemetry[] {
  try {
    return moduleRef.get(GatewayTelemetry, { each: true, strict: false });
  } catch {
    return []; // an app with observability but no gateway
  }
}

/**
 * Registers what the app's metrics are read from: the calls (the observer's tallies), every
 * gateway, every pool (when the app has pools), the tasks, and the audit writer (when the audit
 * trail is on). Each is read at a scrape; between scrapes nothing of this runs.
 */
@Injectable()
export class MetricsSources implements OnModuleInit {
  private readonly logger = new Logger('Metrics');
  private gateways?: GatewayTelemetry[];

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly observer: CallMetricsObserver,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly pools?: PoolDirectory,
    @Optional() @Inject(AUDIT_STATS) private readonly audit?: AuditStatsSource,
  ) {}

  onModuleInit(): void {
    const { registry } = this.metrics;
    // Found at the first scrape, once every module is up.
    const gateways = () => (this.gateways ??= findGateways(this.moduleRef));
    registerCallMetrics(registry, this.observer.tallies);
    registerGatewayMetrics(registry, gateways, this.observer.tallies);
    // Pools before tasks: a scrape reads the pools first, so its own task count never shows as a query waiting for a connection.
    if (this.pools) registerPoolMetrics(registry, this.pools);
    registerTaskMetrics(registry, gateways, this.logger);
    if (this.audit) registerAuditMetrics(registry, this.audit);
  }
}
