import type { Registry } from 'prom-client';
import type { AuditStatsSource } from '../audit/audit-stats';
import { readCounter, readGauge } from './metric-readers';

/** The audit writer's counts (`AUDIT_STATS`), when the audit trail is on. */
export function registerAuditMetrics(registry: Registry, source: AuditStatsSource): void {
  const none = {};
  readGauge(registry, {
    name: 'skillnest_audit_records_pending',
    help: 'Audit records kept in memory, not written to PostgreSQL yet.',
    labelNames: [],
    read: () => [[none, source.stats().pending]],
  });
  readCounter(registry, {
    name: 'skillnest_audit_records_written_total',
    help: 'Audit records written to PostgreSQL.',
    labelNames: [],
    read: () => [[none, source.stats().written]],
  });
  readCounter(registry, {
    name: 'skillnest_audit_records_dropped_total',
    help: 'Audit records given up: the pending bound was reached while PostgreSQL could not be written (each is also logged).',
    labelNames: [],
    read: () => [[none, source.stats().dropped]],
  });
  readCounter(registry, {
    name: 'skillnest_audit_flush_failures_total',
    help: 'Audit flushes that failed (their records are kept and retried, up to the bound).',
    labelNames: [],
    read: () => [[none, source.stats().failedFlushes]],
  });
}
