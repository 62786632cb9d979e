import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { CallSettled, ObservedCall, SkillCallObserver } from '../skill-call-observer';
import { noteRequestCall } from './request-span.registry';
import { callErrorType, settledAttributes, skillSpanAttributes, skillSpanName } from './skill-span-attributes.util';
import { skillnestTracer } from './tracer-provider.util';

/**
 * The span of each skill call (INTERNAL: `execute_tool <tool>`, `prompts/get <prompt>`,
 * `resources/read`, `completion/complete`), whatever its front door: a child of the request's
 * span, of the calling skill's span for a tool the Claude agent calls, and the parent of what the
 * skill does meanwhile (PostgreSQL queries, HTTP pool requests, Claude calls), since the call
 * runs with it current. Its end says how the call went (`skillnest.outcome`, `error.type`, the
 * skill's `ctx.audit()` fields) and tells the request's span. Provided by `ObservabilityModule`
 * only when an SDK is registered.
 */
export class SkillCallTracer implements SkillCallObserver {
  private readonly tracer = skillnestTracer();
  private readonly open = new WeakMap<ObservedCall, { span: Span; parent: Span | undefined }>();

  constructor(private readonly auditPrefix: string) {}

  around<T>(call: ObservedCall, run: () => T): T {
    const parentContext = context.active();
    const span = this.tracer.startSpan(skillSpanName(call), { kind: SpanKind.INTERNAL, attributes: skillSpanAttributes(call) }, parentContext);
    this.open.set(call, { span, parent: trace.getSpan(parentContext) });
    return context.with(trace.setSpan(parentContext, span), run);
  }

  settled(call: ObservedCall, end: CallSettled): void {
    const open = this.open.get(call);
    if (!open) return;
    this.open.delete(call);
    const { span, parent } = open;
    span.setAttributes(settledAttributes(call, end, this.auditPrefix));
    const errorType = callErrorType(end);
    if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    // A task's work runs after its request answered: that request's span is no longer its to change.
    if (call.via !== 'task') noteRequestCall(parent, { target: call.skill && (call.kind === 'tool' || call.kind === 'prompt') ? call.name : undefined, errorType });
    span.end();
  }
}
