import type { Client } from '@modelcontextprotocol/client';
import { toolUseReply } from '../support/fake-anthropic';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { TRACED_MODEL, TRACED_TOKEN, childrenOf, clientSpan, startTracedApp, type ClientSpan, type TracedApp } from '../support/traced-app';

/** How a client hands its trace context to the server: the HTTP header, or the MCP message's `_meta`. */
const STYLES = [
  {
    style: 'a traceparent header',
    call: async (traced: TracedApp, parent: ClientSpan, name: string, args: Record<string, unknown>) =>
      (await traced.connect({ traceparent: parent.traceparent })).callTool({ name, arguments: args }),
  },
  {
    style: 'params._meta.traceparent',
    call: async (traced: TracedApp, parent: ClientSpan, name: string, args: Record<string, unknown>) =>
      (await traced.connect()).callTool({ name, arguments: args, _meta: { traceparent: parent.traceparent } }),
  },
];

describe('OpenTelemetry traces of a real app process, received over OTLP/HTTP', () => {
  let traced: TracedApp;

  beforeAll(async () => {
    traced = await startTracedApp();
  }, 90_000);
  afterEach(() => traced.fake.reset());
  afterAll(async () => traced?.close());

  /** The request span (child of the client's span) and the skill span under it, once both arrived. */
  async function requestAndSkill(parent: ClientSpan, tool: string): Promise<{ request: ReceivedSpan; skill: ReceivedSpan }> {
    const { receiver } = traced;
    // A header goes with every request of that client (its discovery too): the call's is the one naming the tool.
    const request = await receiver.span(
      (span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId && span.attributes['gen_ai.tool.name'] === tool,
      `the request span of ${tool}`,
    );
    const skill = await receiver.span((span) => span.parentSpanId === request.spanId && span.name === `execute_tool ${tool}`, `the skill span of ${tool}`);
    return { request, skill };
  }

  describe.each(STYLES)('with the client span in $style', ({ call }) => {
    it('a PostgreSQL tool: request span, skill span, query span', async () => {
      const parent = clientSpan();
      const result = await call(traced, parent, 'incident_list', { status: 'open' });
      expect(result.isError).toBeFalsy();
      const { request, skill } = await requestAndSkill(parent, 'incident_list');
      expect(request).toMatchObject({
        name: 'tools/call incident_list',
        kind: 'SERVER',
        scope: '@skillnest/gateway',
        statusCode: 0,
        resource: expect.objectContaining({ 'service.name': 'skillnest-e2e' }),
      });
      expect(request.attributes).toMatchObject({
        'mcp.method.name': 'tools/call',
        'mcp.protocol.version': '2026-07-28',
        'jsonrpc.request.id': expect.any(String),
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'incident_list',
        'network.transport': 'tcp',
        'client.address': '127.0.0.1',
        'http.response.status_code': 200,
      });
      expect(request.attributes['error.type']).toBeUndefined();
      expect(skill).toMatchObject({ kind: 'INTERNAL', statusCode: 0 });
      expect(skill.attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'incident_list',
        'mcp.method.name': 'tools/call',
        'skillnest.gateway': '/mcp',
        'skillnest.via': 'mcp',
        'skillnest.caller.id': 'static:ops',
        'skillnest.outcome': 'ok',
      });
      const query = await traced.receiver.span(
        (span) => span.parentSpanId === skill.spanId && span.scope.includes('instrumentation-pg'),
        'a PostgreSQL span under the skill span',
      );
      expect(query.kind).toBe('CLIENT');
      expect(JSON.stringify(query.attributes)).toMatch(/postgresql/);
    });

    it('an HTTP pool tool: the upstream request is a child of the skill span, and the upstream gets the trace', async () => {
      const parent = clientSpan();
      const result = await call(traced, parent, 'deploy_recent', { service: 'ledger', limit: 1 });
      expect(result.isError).toBeFalsy();
      const { skill } = await requestAndSkill(parent, 'deploy_recent');
      const upstream = await traced.receiver.span(
        (span) => span.parentSpanId === skill.spanId && span.scope.includes('instrumentation-undici'),
        'an HTTP span under the skill span',
      );
      expect(upstream).toMatchObject({ name: 'GET', kind: 'CLIENT' });
      expect(upstream.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/api/v1/deployments' });
      // The deploy tracker was asked within the same trace, as a child of that HTTP span.
      expect(traced.tracker.requests.map((headers) => headers.traceparent)).toContain(`00-${parent.traceId}-${upstream.spanId}-01`);
    });

    it('the Claude agent: Claude call spans and the tools it called, under its skill span', async () => {
      traced.fake.script(toolUseReply({ name: 'incident_list', input: { status: 'open' } }), { kind: 'message', content: [{ type: 'text', text: 'No open incident.' }] });
      const parent = clientSpan();
      const result = await call(traced, parent, 'ops_agent', { task: 'Any open incident?' });
      expect(result.isError).toBeFalsy();
      const { skill } = await requestAndSkill(parent, 'ops_agent');
      await traced.receiver.span(
        (span) =>
          span.parentSpanId === skill.spanId &&
          span.name === 'anthropic.messages.create' &&
          traced.receiver.spans.filter((other) => other.parentSpanId === skill.spanId && other.name === span.name).length === 2,
        'two Claude call spans under the agent skill span',
      );
      const claude = childrenOf(traced.receiver.spans, skill).filter((span) => span.name === 'anthropic.messages.create');
      for (const span of claude) {
        expect(span).toMatchObject({ kind: 'CLIENT', scope: 'com.anthropic.sdk.typescript' });
        expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': TRACED_MODEL });
      }
      const nested = await traced.receiver.span(
        (span) => span.parentSpanId === skill.spanId && span.name === 'execute_tool incident_list',
        'the tool the agent called, under the agent',
      );
      expect(nested.attributes).toMatchObject({ 'skillnest.via': 'agent', 'skillnest.outcome': 'ok' });
      await traced.receiver.span((span) => span.parentSpanId === nested.spanId && span.scope.includes('instrumentation-pg'), 'its PostgreSQL span');
    });
  });

  it('with both, the _meta context is the parent and the header span a link', async () => {
    const [transport, message] = [clientSpan(), clientSpan()];
    const client: Client = await traced.connect({ traceparent: transport.traceparent });
    await client.callTool({ name: 'incident_list', arguments: {}, _meta: { traceparent: message.traceparent } });
    const request = await traced.receiver.span((span) => span.parentSpanId === message.spanId, 'the request span under the _meta span');
    expect(request.traceId).toBe(message.traceId);
    expect(request.links).toEqual([{ traceId: transport.traceId, spanId: transport.spanId }]);
  });

  it('a tool error is error.type tool_error on the skill span and the request span', async () => {
    const parent = clientSpan();
    const client = await traced.connect({ traceparent: parent.traceparent });
    expect((await client.callTool({ name: 'deploy_recent', arguments: { service: 'broken-ledger' } })).isError).toBe(true);
    const { request, skill } = await requestAndSkill(parent, 'deploy_recent');
    expect(skill).toMatchObject({ statusCode: 2, attributes: expect.objectContaining({ 'error.type': 'tool_error', 'skillnest.outcome': 'tool_error' }) });
    expect(request).toMatchObject({ statusCode: 2, attributes: expect.objectContaining({ 'error.type': 'tool_error' }) });
  });

  it('a REST call: request span from the traceparent header, skill span and query span under it', async () => {
    const parent = clientSpan();
    const response = await fetch(`${traced.app.url}/skills/incident_list/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TRACED_TOKEN}`, traceparent: parent.traceparent },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const { request, skill } = await requestAndSkill(parent, 'incident_list');
    expect(request).toMatchObject({ name: 'POST /skills/:name/run', kind: 'SERVER' });
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/skills/:name/run',
      'http.response.status_code': 200,
      'gen_ai.tool.name': 'incident_list',
    });
    expect(skill.attributes).toMatchObject({ 'skillnest.via': 'rest', 'skillnest.outcome': 'ok' });
    await traced.receiver.span((span) => span.parentSpanId === skill.spanId && span.scope.includes('instrumentation-pg'), 'a PostgreSQL span under the REST skill span');
  });

  it('no span carries the bearer token or the Anthropic key', () => {
    expect(traced.receiver.bodies.length).toBeGreaterThan(0);
    for (const body of traced.receiver.bodies) {
      expect(body).not.toContain(TRACED_TOKEN);
      expect(body).not.toContain('SECRET');
    }
  });
});
