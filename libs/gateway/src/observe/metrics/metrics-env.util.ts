import type { MetricsAccess, MetricsOptions } from './metrics.options';

/**
 * The metrics options from the environment: `SKILLNEST_METRICS` (`bearer`, `port`, `open` or
 * `off`; `off` means no metrics at all, and no cost per call), `SKILLNEST_METRICS_SCOPE` (with
 * bearer), `SKILLNEST_METRICS_PORT` and `SKILLNEST_METRICS_HOST` (with port). Unset variables
 * leave the defaults; values are checked at startup (`checkMetricsOptions`), so a typo fails
 * there, naming the variable, rather than being ignored.
 */
export function metricsOptionsFromEnv(env: NodeJS.ProcessEnv): MetricsOptions | false | undefined {
  const access = env.SKILLNEST_METRICS?.trim() || undefined;
  if (access === 'off') return false;
  const port = env.SKILLNEST_METRICS_PORT?.trim() || undefined;
  const options: MetricsOptions = {
    ...(access === undefined ? {} : { access: access as MetricsAccess }),
    ...(env.SKILLNEST_METRICS_SCOPE ? { scope: env.SKILLNEST_METRICS_SCOPE.trim() } : {}),
    // Passed on as a number even when it is none (NaN), so that startup names the variable.
    ...(port === undefined ? {} : { port: /^\d+$/.test(port) ? Number(port) : Number.NaN }),
    ...(env.SKILLNEST_METRICS_HOST ? { host: env.SKILLNEST_METRICS_HOST.trim() } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}
