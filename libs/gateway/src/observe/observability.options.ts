import type { Type } from '@nestjs/common';
import type { SkillCallObserver } from './skill-call-observer';
import type { AuditOptions } from './audit/audit.options';
import type { MetricsOptions } from './metrics/metrics.options';
import type { TracingOptions } from './tracing/tracing.options';

/** Options of `ObservabilityModule.forRoot()`: what every gateway of the app reports, and to where. */
export interface ObservabilityOptions {
  /** Prometheus metrics (`GET /metrics`); false: none. Default on (see `MetricsOptions.access`). */
  metrics?: MetricsOptions | false;
  /** A span per MCP request and per skill call (see `startTracing()` for the SDK); false: none. Default on. */
  tracing?: TracingOptions | false;
  /** The audit trail of every tool call, in PostgreSQL; false (the default): none. */
  audit?: AuditOptions | false;
  /** Observers of a team's own (providers of the app), called after the built-in ones. */
  observers?: Array<Type<SkillCallObserver>>;
}
