import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { CallSettled, ObservedCall, SkillCallObserver } from '../skill-call-observer';
import { requestSpanOf, type OpenRequestSpan } from './request-span-context.util';
import { callErrorType, settledAttributes, skillSpanAttributes, skillSpanName } from './skill-span-attributes.util';
import { skillnestTracer } from './tracer-provider.util';

const SPAN = Symbol('skillnest.span');
type Traced = ObservedCall & { [SPAN]?: { span: Span; request: OpenRequestSpan | undefined } };

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

  constructor(private readonly auditPrefix: string) {}

  around<T>(call: ObservedCall, run: () => T): T {
    const parentContext = context.active();
    const span = this.tracer.startSpan(skillSpanName(call), { kind: SpanKind.INTERNAL }, parentContext);
    // Set after the start (as the request span's): five times cheaper than start attributes.
    span.setAttributes(skillSpanAttributes(call));
    // On the call itself: a property read at its end costs less than any map.
    (call as Traced)[SPAN] = { span, request: call.via === 'task' ? undefined : requestSpanOf(parentContext, trace.getSpan(parentContext)) };
    return context.with(trace.setSpan(parentContext, span), run);
  }

  settled(call: ObservedCall, end: CallSettled): void {
    const open = (call as Traced)[SPAN];
    if (!open) return;
    (call as Traced)[SPAN] = undefined;
    const { span, request } = open;
    span.setAttributes(settledAttributes(call, end, this.auditPrefix));
    const errorType = callErrorType(end);
    if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    // The first call of a request names the request's span and gives it its error (a task's work runs after its request answered: none).
    if (request && request.call === undefined) request.call = { target: call.skill && (call.kind === 'tool' || call.kind === 'prompt') ? call.name : undefined, errorType };
    span.end();
  }
}
