import 'reflect-metadata';
import { context, propagation, trace, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  McpGatewayModule,
  McpGatewayRegistrar,
  ObservabilityModule,
  SKILL_CALL_OBSERVERS,
  SkillDispatcher,
  type DispatchRequest,
  type ObservabilityOptions,
} from '@skillnest/gateway';
import { ANONYMOUS_CALLER, type SkillCaller } from '@skillnest/skills';
import { CallObservers } from '../../../libs/gateway/src/observe/call-observers';
import { RequestSpans } from '../../../libs/gateway/src/observe/tracing/request-spans';
import { TraceProbeModule } from '../../fixtures/trace-probe.module';
import { CaptureLogger } from '../../support/capture.logger';

/** Keeps every ended span at once (the SDK's simple processor exports in a later tick). */
class EndedSpans implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush = async () => undefined;
  shutdown = async () => undefined;
}

const request = (caller: SkillCaller = ANONYMOUS_CALLER): DispatchRequest => ({ caller, client: { era: 'modern', capabilities: {} }, requestId: 'r-1', headers: {} });

async function appWith(observability: ObservabilityOptions): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [TraceProbeModule, ObservabilityModule.forRoot(observability), McpGatewayModule.forRoot({ modules: [TraceProbeModule], requestStateKey: 'k'.repeat(32) })],
  })
    .overrideProvider(McpGatewayRegistrar)
    .useValue({})
    .setLogger(new CaptureLogger())
    .compile();
  await moduleRef.init();
  return moduleRef;
}

describe('skill call spans', () => {
  describe('without an OpenTelemetry SDK', () => {
    it('provides no tracer and no request spans, so the dispatcher observes nothing', async () => {
      const moduleRef = await appWith({ metrics: false, audit: false });
      expect(moduleRef.get(SKILL_CALL_OBSERVERS)).toEqual([]);
      expect(moduleRef.get(RequestSpans, { strict: false })).toBeUndefined();
      expect(moduleRef.get(CallObservers).active).toBe(false);
      await moduleRef.close();
    });
  });

  describe('with an SDK registered', () => {
    const ended = new EndedSpans();
    let moduleRef: TestingModule;
    let dispatcher: SkillDispatcher;
    const spanNamed = (name: string): ReadableSpan => {
      const span = ended.spans.find((finished) => finished.name === name);
      if (!span) throw new Error(`no span ${name} among ${ended.spans.map((finished) => finished.name).join(', ')}`);
      return span;
    };

    beforeAll(async () => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [ended] }));
      moduleRef = await appWith({ metrics: false, audit: false });
      dispatcher = moduleRef.get(SkillDispatcher);
    });
    afterEach(() => void ended.spans.splice(0));
    afterAll(async () => {
      await moduleRef?.close();
      trace.disable();
      propagation.disable();
      context.disable();
    });

    it('a tool call: execute_tool <tool>, a child of the span current where it was called, with its audit fields', async () => {
      const parent = trace.getTracer('spec').startSpan('caller');
      await context.with(trace.setSpan(context.active(), parent), () => dispatcher.callTool('probe_audited', {}, request()));
      parent.end();
      const span = spanNamed('execute_tool probe_audited');
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).toEqual({
        'mcp.method.name': 'tools/call',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'probe_audited',
        'skillnest.gateway': '/mcp',
        'skillnest.via': 'mcp',
        'skillnest.caller.id': 'anonymous',
        'skillnest.outcome': 'ok',
        // null says "no value", which an attribute cannot carry.
        'skillnest.audit.incident': 'INC-7',
        'skillnest.audit.customers': 3,
        'skillnest.audit.urgent': true,
      });
    });

    it('a skill error is error.type tool_error with its reason; an unexpected one with its error id, and nothing of the exception', async () => {
      await dispatcher.callTool('probe_refusing', {}, request());
      expect(spanNamed('execute_tool probe_refusing')).toMatchObject({
        status: { code: SpanStatusCode.ERROR },
        attributes: expect.objectContaining({ 'error.type': 'tool_error', 'skillnest.outcome': 'tool_error', 'skillnest.outcome.reason': 'closed' }),
      });
      await dispatcher.callTool('probe_crashing', {}, request());
      const crashed = spanNamed('execute_tool probe_crashing');
      expect(crashed.attributes).toMatchObject({ 'error.type': 'tool_error', 'skillnest.error.id': expect.any(String) });
      expect(crashed.events).toEqual([]);
      expect(JSON.stringify(crashed.attributes)).not.toContain('10.0.0.7');
    });

    it('refusals: the refusal is the error.type, and a made-up tool name stays out of the span name', async () => {
      dispatcher.callTool('no_such_tool', {}, request());
      expect(spanNamed('execute_tool')).toMatchObject({
        status: { code: SpanStatusCode.ERROR },
        attributes: expect.objectContaining({ 'gen_ai.tool.name': 'no_such_tool', 'error.type': 'unknown', 'skillnest.outcome': 'refused' }),
      });
      const reader: SkillCaller = { id: 'static:reader', authenticated: true, scopes: ['trace:read'], claims: {} };
      dispatcher.callTool('probe_trace_scoped', {}, request(reader));
      expect(spanNamed('execute_tool probe_trace_scoped').attributes).toMatchObject({ 'error.type': 'scope', 'skillnest.caller.id': 'static:reader' });
    });

    it('prompts and resources: prompts/get <prompt>, resources/read (its URI as an attribute only)', async () => {
      await dispatcher.getPrompt('probe_trace_prompt', {}, request());
      expect(spanNamed('prompts/get probe_trace_prompt').attributes).toMatchObject({
        'mcp.method.name': 'prompts/get',
        'gen_ai.prompt.name': 'probe_trace_prompt',
        'skillnest.outcome': 'ok',
      });
      await dispatcher.readResource('trace://notes', request());
      expect(spanNamed('resources/read').attributes).toMatchObject({ 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'trace://notes', 'skillnest.outcome': 'ok' });
    });

    it('takes its own prefix for the audit fields, and makes no skill spans with calls: false', async () => {
      const prefixed = await appWith({ metrics: false, audit: false, tracing: { auditAttributePrefix: 'app.' } });
      await prefixed.get(SkillDispatcher).callTool('probe_audited', {}, request());
      expect(spanNamed('execute_tool probe_audited').attributes).toMatchObject({ 'app.incident': 'INC-7' });
      await prefixed.close();
      const quiet = await appWith({ metrics: false, audit: false, tracing: { calls: false } });
      expect(quiet.get(SKILL_CALL_OBSERVERS)).toEqual([]);
      expect(quiet.get(RequestSpans, { strict: false })).toBeInstanceOf(RequestSpans);
      await quiet.close();
    });
  });
});
