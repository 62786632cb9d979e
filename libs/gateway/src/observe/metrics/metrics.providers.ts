import type { ObservabilityPart } from '../observability.module';
import { CallMetricsObserver } from './call-metrics.observer';
import { MetricsEndpoint } from './metrics-endpoint';
import { MetricsRegistry } from './metrics-registry';
import { METRICS_OPTIONS } from './metrics-settings';
import { MetricsSources } from './metrics-sources';
import type { MetricsOptions } from './metrics.options';

/**
 * The providers of the metrics part: its options (checked at module init), the app's
 * registry, the call observer, the sources read at a scrape, and the endpoint. `false`: none, and
 * no observer (a call then costs nothing for metrics).
 */
export function metricsProviders(options: MetricsOptions | false | undefined): ObservabilityPart {
  if (options === false) return { providers: [], observers: [], exports: [] };
  return {
    providers: [{ provide: METRICS_OPTIONS, useValue: options ?? {} }, MetricsRegistry, CallMetricsObserver, MetricsSources, MetricsEndpoint],
    observers: [CallMetricsObserver],
    exports: [MetricsRegistry, MetricsEndpoint],
  };
}
