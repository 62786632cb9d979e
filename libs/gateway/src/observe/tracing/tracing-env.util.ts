import type { TracingOptions } from './tracing.options';

/**
 * The tracing options from the environment: false (no gateway spans) when `SKILLNEST_TRACING=off`
 * or `OTEL_SDK_DISABLED=true`; otherwise the defaults, which make spans only when an SDK is
 * registered (`startTracing()` decides that, and refuses a value that is not valid).
 */
export function tracingOptionsFromEnv(env: NodeJS.ProcessEnv): TracingOptions | false | undefined {
  if (env.SKILLNEST_TRACING?.trim().toLowerCase() === 'off' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return undefined;
}
