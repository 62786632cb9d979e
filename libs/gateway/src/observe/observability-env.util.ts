import { auditOptionsFromEnv } from './audit/audit-env.util';
import { metricsOptionsFromEnv } from './metrics/metrics-env.util';
import type { ObservabilityOptions } from './observability.options';
import { tracingOptionsFromEnv } from './tracing/tracing-env.util';

/** `ObservabilityModule.forRoot()` options from the environment: the settings the README's "Observability" section lists. */
export function observabilityOptionsFromEnv(env: NodeJS.ProcessEnv): ObservabilityOptions {
  return { metrics: metricsOptionsFromEnv(env), tracing: tracingOptionsFromEnv(env), audit: auditOptionsFromEnv(env) };
}
