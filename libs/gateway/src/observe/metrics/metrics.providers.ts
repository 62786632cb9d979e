import type { ObservabilityPart } from '../observability.module';
import type { MetricsOptions } from './metrics.options';

/** The providers of the metrics part (none yet). */
export function metricsProviders(options: MetricsOptions | false | undefined): ObservabilityPart {
  void options;
  return { providers: [], observers: [], exports: [] };
}
