/**
 * `@skillnest/gateway/tracing`: the OpenTelemetry SDK setup, for the first line of an app's
 * `main.ts`. It loads the OpenTelemetry packages and nothing else of the gateway (no Nest, no
 * `pg`), so that the PostgreSQL instrumentation is in place before `pg` is loaded.
 *
 * @example
 * ```ts
 * // main.ts: first, before anything imports pg
 * import { startTracing } from '@skillnest/gateway/tracing';
 * startTracing(process.env);
 * ```
 */
export { startTracing } from './observe/tracing/tracing-sdk';
export { DEFAULT_TRACING_FLUSH_MS, tracingSdk, type TracingSdk } from './observe/tracing/tracing-sdk.registry';
export { SAMPLER_NAMES, tracingSdkSettingsFromEnv, type SamplerName, type TraceExport, type TracingSdkSettings } from './observe/tracing/tracing-sdk-env.util';
export { TracingMessages } from './observe/tracing/tracing.messages';
export { GatewayConfigError } from './errors/gateway-config.error';
