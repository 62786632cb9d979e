import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ContextProbeModule, ContextProbeSkills } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

const TOKEN = 'context-probe-token-1234567890';

async function connect(url: URL, mode: 'auto' | 'legacy', answer?: { action: 'accept' | 'decline'; content?: Record<string, boolean> }) {
  const client = new Client(
    { name: 'context-e2e', version: '1.0.0' },
    { ...(mode === 'auto' ? { versionNegotiation: { mode: 'auto' as const } } : {}), capabilities: { elicitation: { form: {} } } },
  );
  const asked: string[] = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(String(request.params.message));
    return answer ?? { action: 'accept', content: { ok: true } };
  });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  return { client, asked };
}

describe('the skill context API', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `ops-bot=${TOKEN}` }, imports: [ContextProbeModule] });
  });
  afterAll(async () => running?.close());

  describe.each(['auto', 'legacy'] as const)('over a %s client', (mode) => {
    it('streams progress notifications to the caller', async () => {
      const { client } = await connect(running.mcpUrl, mode);
      const updates: Array<{ progress: number; total?: number; message?: string }> = [];
      const result = await client.callTool({ name: 'probe_progress', arguments: {} }, { onprogress: (update) => updates.push(update) });
      expect(result.content).toEqual([{ type: 'text', text: 'done in 3 steps' }]);
      expect(updates).toEqual([
        { progress: 1, total: 3, message: 'step 1' },
        { progress: 2, total: 3, message: 'step 2' },
        { progress: 3, total: 3, message: 'step 3' },
      ]);
      await client.close();
    });

    it('cancels a skill at its timeoutMs: the signal fires and the caller reads why', async () => {
      const { client } = await connect(running.mcpUrl, mode);
      const result = await client.callTool({ name: 'probe_slow', arguments: {} });
      expect(result).toMatchObject({
        isError: true,
        content: [{ type: 'text', text: 'The tool "probe_slow" did not finish within 300 ms and was cancelled. Try a smaller request or try again later.' }],
      });
      expect(running.app.get(ContextProbeSkills).lastSlow).toEqual({ aborted: true, reason: 'TimeoutError' });
      await client.close();
    });

    it('asks the user through elicitation and continues with the answer', async () => {
      const { client, asked } = await connect(running.mcpUrl, mode);
      const result = await client.callTool({ name: 'probe_confirm', arguments: {} });
      expect(asked).toEqual(['Proceed?']);
      expect(result.content).toEqual([{ type: 'text', text: 'confirmed by static:ops-bot: yes' }]);
      await client.close();
    });

    it('reports a declined elicitation to the skill', async () => {
      const { client } = await connect(running.mcpUrl, mode, { action: 'decline' });
      const result = await client.callTool({ name: 'probe_confirm', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'not confirmed (decline)' }]);
      await client.close();
    });
  });

  // Plain calls are answered without the SDK (the gateway's fast path), which only starts watching
  // the connection once the skill reads ctx.signal: the skill must still see the client leave.
  it.each([
    [
      '2026-07-28',
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'probe_slow' },
      { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
    ],
    ['2025-11-25', { 'mcp-protocol-version': '2025-11-25' }, undefined],
  ] as const)("a %s client that goes away mid-call fires the skill's signal", async (_version, headers, meta) => {
    const skills = running.app.get(ContextProbeSkills);
    skills.lastSlow = { aborted: false };
    const started = new Promise<void>((resolve) => (skills.onSlow.started = resolve));
    const aborted = new Promise<void>((resolve) => (skills.onSlow.aborted = resolve));
    const controller = new AbortController();
    const call = fetch(running.mcpUrl, {
      method: 'POST',
      signal: controller.signal,
      headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'probe_slow', arguments: {}, ...(meta ? { _meta: meta } : {}) } }),
    });
    await started;
    controller.abort();
    await expect(call).rejects.toThrow();
    // Before the skill's own 300 ms timeout: the reason says the client went away, not a timeout.
    await aborted;
    expect(skills.lastSlow).toEqual({ aborted: true, reason: 'AbortError' });
  });

  it('refuses tampered requestState with -32602', async () => {
    const response = await fetch(running.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'probe_confirm',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'probe_confirm',
          arguments: {},
          inputResponses: { confirm: { action: 'accept', content: { ok: true } } },
          requestState: 'eyJhIjp7fX0.forged-signature',
          _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } },
        },
      }),
    });
    const text = await response.text();
    const body = JSON.parse(
      text
        .split('\n')
        .find((line) => line.startsWith('data: '))
        ?.slice(6) ?? text,
    );
    expect(body.error).toMatchObject({
      code: -32602,
      message: 'Invalid or expired requestState: it is not a state this server issued; start the call again without requestState.',
      data: { reason: 'invalid_request_state', cause: 'malformed' },
    });
  });
});
