import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, detectResources, hostDetector, resourceFromAttributes, serviceInstanceIdDetector } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { tracerProviderRegistered } from './tracer-provider.util';
import { tracingSdkSettingsFromEnv, type TracingSdkSettings } from './tracing-sdk-env.util';
import { DEFAULT_TRACING_FLUSH_MS, SDK, type TracingSdk, type WithSdk } from './tracing-sdk.registry';

function sampler({ name, ratio }: TracingSdkSettings['sampler']): Sampler {
  const root = name.endsWith('always_off') ? new AlwaysOffSampler() : name.endsWith('traceidratio') ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler();
  return name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

function processors(settings: TracingSdkSettings): SpanProcessor[] {
  const target = settings.export;
  // `none`: spans are made (and their context propagated) but go nowhere, which is what the cost benchmark measures.
  if (target.kind === 'none') return [];
  const exporter = target.kind === 'otlp' ? new OTLPTraceExporter({ url: target.url }) : new ConsoleSpanExporter();
  return [new BatchSpanProcessor({ exporter, ...settings.batch })];
}

function provider(settings: TracingSdkSettings): TracerProvider {
  const resource = defaultResource()
    .merge(detectResources({ detectors: [hostDetector, serviceInstanceIdDetector] }))
    .merge(resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName }));
  return new TracerProvider({ resource, sampler: sampler(settings.sampler), spanProcessors: processors(settings) });
}

/**
 * Sets the OpenTelemetry SDK up for the process, from the standard `OTEL_*` environment: a
 * tracer provider (service `OTEL_SERVICE_NAME`, default `skillnest`; `OTEL_TRACES_SAMPLER`),
 * the AsyncLocalStorage context manager, the W3C trace-context and baggage propagators, an
 * OTLP/HTTP exporter behind a batch processor when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `_TRACES_ENDPOINT`) is set (`OTEL_BSP_*`; headers, timeout and compression from
 * `OTEL_EXPORTER_OTLP_*`), and the PostgreSQL (`pg`) and undici instrumentations, which only
 * trace queries and requests made inside a traced call. `SKILLNEST_TRACING=on` without an
 * endpoint makes spans and sends none; with neither, or with `OTEL_SDK_DISABLED=true` or
 * `SKILLNEST_TRACING=off`, nothing is set up and the API stays a no-op. An SDK registered
 * before (a team's own) is left alone. `ObservabilityModule` flushes it at the end of the drain.
 *
 * Call it before anything loads `pg`, which the instrumentation patches as it loads: import
 * `@skillnest/gateway/tracing` (which loads nothing else of the gateway) first in `main.ts`.
 *
 * @returns the SDK, or undefined when none was set up. Throws `GatewayConfigError` for a setting that is not valid.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): TracingSdk | undefined {
  const global = globalThis as WithSdk;
  if (global[SDK]) return global[SDK];
  const settings = tracingSdkSettingsFromEnv(env);
  if (!settings || tracerProviderRegistered()) return undefined;
  const tracerProvider = provider(settings);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(tracerProvider);
  // Queries and requests outside a traced call (migrations, health checks, readiness probes) would each be a trace of their own: noise.
  registerInstrumentations({ tracerProvider, instrumentations: [new PgInstrumentation({ requireParentSpan: true }), new UndiciInstrumentation({ requireParentforSpans: true })] });
  let stopping: Promise<boolean> | undefined;
  const sdk: TracingSdk = {
    settings,
    shutdown: (timeoutMs = DEFAULT_TRACING_FLUSH_MS) =>
      (stopping ??= new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        tracerProvider.shutdown().then(
          () => (clearTimeout(timer), resolve(true)),
          () => (clearTimeout(timer), resolve(false)),
        );
      })),
  };
  global[SDK] = sdk;
  return sdk;
}
