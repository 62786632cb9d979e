import type { Provider } from '@nestjs/common';
import type { ObservabilityPart } from '../observability.module';
import { RequestSpans } from './request-spans';
import { SkillCallTracer } from './skill-call-tracer';
import { DEFAULT_AUDIT_ATTRIBUTE_PREFIX } from './trace-attributes.constants';
import { tracerProviderRegistered } from './tracer-provider.util';
import { TracingLifecycle } from './tracing-lifecycle';
import { DEFAULT_TRACING_FLUSH_MS } from './tracing-sdk.registry';
import type { TracingOptions } from './tracing.options';

/**
 * The providers of the tracing part: the skill-call tracer (an observer) and the request spans
 * the gateways' routes take, each undefined, and so free, unless an SDK is registered when the
 * app boots (`startTracing()`, or a team's own); and the SDK's flush at shutdown. `false`: no
 * gateway spans (the SDK, if any, is still flushed).
 */
export function tracingProviders(options: TracingOptions | false | undefined): ObservabilityPart {
  const lifecycle: Provider = { provide: TracingLifecycle, useFactory: () => new TracingLifecycle((options || {}).flushTimeoutMs ?? DEFAULT_TRACING_FLUSH_MS) };
  if (options === false) return { providers: [lifecycle], observers: [], exports: [] };
  const prefix = options?.auditAttributePrefix ?? DEFAULT_AUDIT_ATTRIBUTE_PREFIX;
  const calls: Provider = { provide: SkillCallTracer, useFactory: () => (options?.calls !== false && tracerProviderRegistered() ? new SkillCallTracer(prefix) : undefined) };
  const requests: Provider = { provide: RequestSpans, useFactory: () => (options?.requests !== false && tracerProviderRegistered() ? new RequestSpans() : undefined) };
  return { providers: [lifecycle, calls, requests], observers: [SkillCallTracer], exports: [RequestSpans] };
}
