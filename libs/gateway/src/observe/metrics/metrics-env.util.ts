import type { MetricsOptions } from './metrics.options';

/** The metrics options from the environment (`SKILLNEST_...`); see the README's "Observability" section. */
export function metricsOptionsFromEnv(env: NodeJS.ProcessEnv): MetricsOptions | false | undefined {
  void env;
  return undefined;
}
