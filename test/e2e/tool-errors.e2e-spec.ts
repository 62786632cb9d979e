import { CLIENT_KINDS, connectClient, type McpTestClient } from '../support/mcp-clients';
import { startErrorProbeApp, type ErrorProbeApp } from '../support/error-probe-app';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';

const ERROR_META = 'io.skillnest/error';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const GATEWAYS = ['/mcp/fast', '/mcp/sdk'];

type ErrorResult = { content: Array<{ type: string; text?: string }>; isError?: boolean; structuredContent?: unknown; _meta?: Record<string, unknown> };

/** Tools whose value JSON cannot carry, however they return it. */
const UNSERIALISABLE = ['probe_bigint', 'probe_bigint_async', 'probe_cycle', 'probe_cycle_structured', 'probe_bigint_result'];

describe('tool errors as official clients and REST callers see them', () => {
  let probe: ErrorProbeApp;
  beforeAll(async () => (probe = await startErrorProbeApp()));
  afterAll(async () => probe?.close());

  describe.each(GATEWAYS)('over MCP on %s', (path) => {
    // The 1.x client rejects an isError result whose structuredContent does not match the output schema.
    describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
      let client: McpTestClient;
      beforeAll(async () => {
        client = (await connectClient(kind, new URL(path, probe.origin))).client;
        // The client validates structured results against the output schemas it listed.
        expect((await client.listTools()).tools.find((tool) => tool.name === 'probe_ticket')?.outputSchema).toMatchObject({
          type: 'object',
          properties: { id: expect.any(Object), title: expect.any(Object) },
        });
      });
      afterAll(async () => client?.close());
      const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args }) as Promise<ErrorResult>;

      it('shows the message of a failing tool that has an output schema, with the reason in _meta', async () => {
        const result = await call('probe_ticket', { id: 'OPS-404' });
        expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Ticket OPS-404 does not exist. Use an id like OPS-1.' }] });
        expect(result.structuredContent).toBeUndefined();
        expect(result._meta?.[ERROR_META]).toEqual({ reason: 'not_found', id: 'OPS-404' });
        expect(await call('probe_ticket', { id: 'OPS-1' })).toMatchObject({ structuredContent: { id: 'OPS-1', title: 'Ledger is slow' } });
      });

      it('shows an unexpected failure of such a tool with its error id', async () => {
        const result = await call('probe_ticket_crash');
        expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^The tool "probe_ticket_crash" failed unexpectedly/) }] });
        const errorId = result.content[0].text!.match(UUID)![0];
        expect(result._meta?.[ERROR_META]).toEqual({ reason: 'internal_error', errorId });
      });

      it.each(UNSERIALISABLE)('answers %s (a value JSON cannot carry) with isError and an error id, logged naming the tool', async (name) => {
        const from = probe.logs.lines.length;
        const result = await call(name);
        expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(new RegExp(`^The tool "${name}" failed unexpectedly`)) }] });
        const errorId = result.content[0].text!.match(UUID)![0];
        expect(result._meta?.[ERROR_META]).toEqual({ reason: 'internal_error', errorId });
        const logged = probe.logs.lines.slice(from);
        expect(logged).toEqual([expect.stringMatching(new RegExp(`^error tool "${name}" failed \\(error id ${errorId}\\): .*(BigInt|circular)`))]);
        expect(logged[0]).not.toMatch(/\n|\s+at |\.ts:\d|node_modules/);
      });

      it('logs a failure with its secrets redacted', async () => {
        const from = probe.logs.lines.length;
        const result = await call('probe_secret_failure');
        const errorId = result.content[0].text!.match(UUID)![0];
        const logged = probe.logs.lines.slice(from);
        expect(logged).toEqual([expect.stringContaining(`(error id ${errorId}): Error: login failed: password=<redacted> token: <redacted> for <url>`)]);
        expect(logged[0]).not.toMatch(/hunter2|abc\.def-ghi|s3cret-pw|db\.internal/);
      });
    });
  });

  // The JSON-RPC message itself: a 2025 SDK answer comes as an SSE event, the fast path's as JSON.
  const message = (raw: string) =>
    raw
      .split('\n')
      .find((line) => line.startsWith('data: '))
      ?.slice(6) ?? raw;

  it('answers a tool error with the same bytes on the fast path and the SDK path (2026-07-28 and 2025)', async () => {
    for (const headers of [{}, { 'mcp-protocol-version': '2025-11-25' }] as Array<Record<string, string>>) {
      const answers = await Promise.all(
        GATEWAYS.map(async (path) => {
          const modern = !('mcp-protocol-version' in headers);
          if (modern) return message((await modernRequest(probe.origin + path, 'tools/call', { name: 'probe_ticket', arguments: { id: 'OPS-404' } })).raw);
          return message((await callToolOverHttp(probe.origin + path, 'probe_ticket', { id: 'OPS-404' }, headers)).raw);
        }),
      );
      expect(answers[0]).toContain('"io.skillnest/error":{"reason":"not_found","id":"OPS-404"}');
      expect(answers[0]).toBe(answers[1]);
    }
  });

  it.each(GATEWAYS)('answers unserialisable values with isError on stateless requests of both wires (%s)', async (path) => {
    for (const name of UNSERIALISABLE) {
      const answers = [
        (await modernRequest(probe.origin + path, 'tools/call', { name, arguments: {} })).body as { result?: ErrorResult },
        await callToolOverHttp(probe.origin + path, name, {}),
      ];
      for (const answer of answers) {
        expect(answer.result).toMatchObject({ isError: true, _meta: { [ERROR_META]: { reason: 'internal_error', errorId: expect.stringMatching(UUID) } } });
      }
    }
  });

  describe('over REST', () => {
    const run = async (name: string, body: unknown = {}) => {
      const response = await fetch(`${probe.origin}/skills/${name}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('answers a tool error with 422, its message and details', async () => {
      expect(await run('probe_ticket', { id: 'OPS-404' })).toEqual({
        status: 422,
        body: { error: 'tool_error', message: 'Ticket OPS-404 does not exist. Use an id like OPS-1.', details: { reason: 'not_found', id: 'OPS-404' } },
      });
    });

    it('sends a tool error on the event stream with its message and details', async () => {
      const response = await fetch(`${probe.origin}/skills/probe_ticket/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"OPS-404"}' });
      const events = (await response.text()).split('\n\n').filter(Boolean);
      expect(events).toEqual([
        `data: ${JSON.stringify({ type: 'error', message: 'Ticket OPS-404 does not exist. Use an id like OPS-1.', details: { reason: 'not_found', id: 'OPS-404' } })}`,
        'data: [DONE]',
      ]);
    });

    it('keeps invalid arguments a 400', async () => {
      expect(await run('probe_ticket', { id: 5 })).toMatchObject({ status: 400, body: { error: 'invalid_arguments', problems: [expect.stringContaining('id')] } });
    });

    it.each([...UNSERIALISABLE, 'probe_ticket_crash'])('answers %s with 500, the error id and no stack; the log names the tool', async (name) => {
      const from = probe.logs.lines.length;
      const { status, body } = await run(name);
      expect(status).toBe(500);
      expect(body).toEqual({
        error: 'internal_error',
        message: expect.stringMatching(new RegExp(`^The tool "${name}" failed unexpectedly`)),
        errorId: expect.stringMatching(UUID),
      });
      expect(body.message).toContain(body.errorId);
      const logged = probe.logs.lines.slice(from);
      expect(logged).toEqual([expect.stringMatching(new RegExp(`^error tool "${name}" failed \\(error id ${body.errorId}\\)`))]);
      expect(logged[0]).not.toMatch(/\n|\s+at |\.ts:\d|node_modules|ExceptionsHandler/);
    });
  });
});
