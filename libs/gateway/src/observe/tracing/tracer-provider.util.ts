import { ProxyTracerProvider, trace, type Tracer } from '@opentelemetry/api';

/** The name of the instrumentation scope of the gateway's own spans (requests and skill calls). */
export const SKILLNEST_TRACER_NAME = '@skillnest/gateway';

// What the API hands out while no SDK is registered: the delegate of a proxy nobody set one on.
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether an OpenTelemetry SDK registered a tracer provider with the API (ours from
 * `startTracing()`, or a team's own). Without one every span is a no-op, so the gateway makes
 * none: checked once at bootstrap, it is why an untraced app pays nothing per call.
 */
export function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  return delegate !== NOOP_PROVIDER;
}

/** The tracer of the gateway's spans. */
export function skillnestTracer(): Tracer {
  return trace.getTracer(SKILLNEST_TRACER_NAME);
}
