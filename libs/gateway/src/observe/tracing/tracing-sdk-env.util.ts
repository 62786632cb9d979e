import { GatewayConfigError } from '../../errors/gateway-config.error';
import { TracingMessages } from './tracing.messages';

/** The samplers of `OTEL_TRACES_SAMPLER` that `startTracing` knows. */
export const SAMPLER_NAMES = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
/** One of `SAMPLER_NAMES`. */
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** Where finished spans go: an OTLP/HTTP collector, stdout, or nowhere (spans made, not sent). */
export type TraceExport = { readonly kind: 'otlp'; readonly url: string } | { readonly kind: 'console' } | { readonly kind: 'none' };

/** What `startTracing` sets up, read once from the environment. */
export interface TracingSdkSettings {
  readonly export: TraceExport;
  /** `OTEL_SERVICE_NAME`, else `service.name` of `OTEL_RESOURCE_ATTRIBUTES`, else `skillnest`. */
  readonly serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES` (`key=value,...`). */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly sampler: { readonly name: SamplerName; readonly ratio: number };
  /** `OTEL_BSP_*`; unset ones keep the SDK's defaults (5000 ms, 2048 spans, 512 a batch, 30000 ms). */
  readonly batch: { scheduledDelayMillis?: number; maxQueueSize?: number; maxExportBatchSize?: number; exportTimeoutMillis?: number };
}

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function whole(env: NodeJS.ProcessEnv, setting: string, min: number): number | undefined {
  const value = env[setting];
  if (!set(value)) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min) throw new GatewayConfigError(TracingMessages.invalidWhole(setting, value, min));
  return number;
}

function url(value: string, setting: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  } catch {
    // refused below
  }
  throw new GatewayConfigError(TracingMessages.notUrl(setting));
}

/** The traces URL as the OTLP exporter spec builds it: the signal's own endpoint as given, or the base endpoint plus `v1/traces`. */
function otlpUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)) return url(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.trim(), 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (!set(env.OTEL_EXPORTER_OTLP_ENDPOINT)) return undefined;
  const base = url(env.OTEL_EXPORTER_OTLP_ENDPOINT.trim(), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return `${base.endsWith('/') ? base : `${base}/`}v1/traces`;
}

/** Where spans go, or undefined for nowhere (`none`, or `otlp` without an endpoint). */
function exportFrom(env: NodeJS.ProcessEnv): TraceExport | undefined {
  const kind = set(env.OTEL_TRACES_EXPORTER) ? env.OTEL_TRACES_EXPORTER.trim().toLowerCase() : 'otlp';
  if (kind === 'none') return undefined;
  if (kind === 'console') return { kind: 'console' };
  if (kind !== 'otlp') throw new GatewayConfigError(TracingMessages.unknownExporter(kind));
  const target = otlpUrl(env);
  return target ? { kind: 'otlp', url: target } : undefined;
}

function samplerFrom(env: NodeJS.ProcessEnv): TracingSdkSettings['sampler'] {
  const name = set(env.OTEL_TRACES_SAMPLER) ? env.OTEL_TRACES_SAMPLER.trim().toLowerCase() : 'parentbased_always_on';
  if (!(SAMPLER_NAMES as readonly string[]).includes(name)) throw new GatewayConfigError(TracingMessages.unknownSampler(name));
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  const ratio = set(arg) ? Number(arg) : 1;
  if (!(ratio >= 0 && ratio <= 1)) throw new GatewayConfigError(TracingMessages.invalidRatio(arg ?? ''));
  return { name: name as SamplerName, ratio };
}

function resourceAttributes(value: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      attributes[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A pair that is not percent-encoded properly is skipped, as the OpenTelemetry SDKs do.
    }
  }
  return attributes;
}

/**
 * Whether and how `startTracing` sets the SDK up, from the environment: undefined (nothing at
 * all) when `OTEL_SDK_DISABLED=true` or `SKILLNEST_TRACING=off`, or when spans would go nowhere
 * (no OTLP endpoint, or `OTEL_TRACES_EXPORTER=none`) and `SKILLNEST_TRACING` is not `on`. With `SKILLNEST_TRACING=on` and no endpoint, spans are
 * made and not sent (`export.kind` `none`). A value that is not valid fails startup, naming the variable.
 */
export function tracingSdkSettingsFromEnv(env: NodeJS.ProcessEnv): TracingSdkSettings | undefined {
  const switchedOn = env.SKILLNEST_TRACING?.trim().toLowerCase();
  if (set(switchedOn) && switchedOn !== 'on' && switchedOn !== 'off') throw new GatewayConfigError(TracingMessages.notOnOff('SKILLNEST_TRACING', env.SKILLNEST_TRACING ?? ''));
  if (switchedOn === 'off' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const target = exportFrom(env);
  if (!target && switchedOn !== 'on') return undefined;
  const resource = resourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  return {
    export: target ?? { kind: 'none' },
    serviceName: env.OTEL_SERVICE_NAME?.trim() || resource['service.name'] || 'skillnest',
    resourceAttributes: resource,
    sampler: samplerFrom(env),
    batch: {
      scheduledDelayMillis: whole(env, 'OTEL_BSP_SCHEDULE_DELAY', 0),
      maxQueueSize: whole(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1),
      maxExportBatchSize: whole(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1),
      exportTimeoutMillis: whole(env, 'OTEL_BSP_EXPORT_TIMEOUT', 1),
    },
  };
}
