import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ClaudeProbeModule } from '../fixtures/claude-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { errorReply, startFakeAnthropic, textReply, toolUseReply, type FakeAnthropic } from '../support/fake-anthropic';

const TOKEN = 'claude-e2e-token-1234567890';
const KEY = 'sk-ant-e2e-0123456789abcdef-SECRET';
const MODEL = 'claude-e2e-model';

type Update = { progress: number; total?: number; message?: string };

async function connect(url: URL, mode: 'auto' | 'legacy' = 'auto'): Promise<Client> {
  const client = new Client({ name: 'claude-e2e', version: '1.0.0' }, mode === 'auto' ? { versionNegotiation: { mode: 'auto' } } : {});
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  return client;
}

const textOf = (result: { content: unknown }) => (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? '').join('');

describe('Claude-backed skills over MCP', () => {
  let fake: FakeAnthropic;
  let running: RunningApp;
  let client: Client;
  let incidentId: string;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    running = await startExampleApp({
      env: {
        SKILLNEST_TOKENS: `ops-bot=${TOKEN}`,
        ANTHROPIC_API_KEY: KEY,
        ANTHROPIC_BASE_URL: fake.baseURL,
        SKILLNEST_CLAUDE_MODEL: MODEL,
        SKILLNEST_CLAUDE_MAX_RETRIES: '1',
      },
      imports: [ClaudeProbeModule],
    });
    client = await connect(running.mcpUrl);
    const opened = await client.callTool({
      name: 'incident_open',
      arguments: { service: 'ledger', severity: 'sev2', title: 'Ledger writes time out', summary: 'p99 write latency above 5 s since 09:10' },
    });
    incidentId = (opened.structuredContent as { id: string }).id;
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await client?.close();
    await running?.close();
    await fake?.close();
  });

  describe.each(['auto', 'legacy'] as const)('incident_summarize over a %s client', (mode) => {
    it("streams Claude's summary as progress notifications, then returns the whole text", async () => {
      const chunks = ['Ledger writes are slow ', 'since 09:10 (sev2). ', 'Next steps:\n1. Check the last deploy.\n', '2. Page finance-platform.'];
      fake.script(textReply(chunks, { chunkDelayMs: 120 }));
      const own = await connect(running.mcpUrl, mode);
      const updates: Update[] = [];
      const result = await own.callTool({ name: 'incident_summarize', arguments: { id: incidentId } }, { onprogress: (update) => updates.push(update) });
      const full = chunks.join('');
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe(full);

      // The caller watched the summary grow: every message is the text so far, the last one all of it.
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.at(-1)).toEqual({ progress: chunks.length, message: full });
      for (const [index, update] of updates.entries()) {
        expect(full.startsWith(update.message!)).toBe(true);
        if (index > 0) {
          expect(update.progress).toBeGreaterThan(updates[index - 1].progress);
          expect(update.message!.length).toBeGreaterThan(updates[index - 1].message!.length);
        }
      }

      // What went upstream: the incident record, the configured model, the API key, never the MCP token.
      expect(fake.requests).toHaveLength(1);
      const request = fake.requests[0];
      expect(request.body).toMatchObject({ model: MODEL, stream: true });
      expect(request.body.system).toContain('incident commander');
      expect(request.body.messages[0].content).toContain(`Incident ${incidentId} (sev2, open) on service ledger: "Ledger writes time out"`);
      expect(request.body.messages[0].content).toContain('p99 write latency above 5 s since 09:10');
      expect(JSON.stringify(request.headers)).toContain(KEY);
      expect(JSON.stringify(request.headers)).not.toContain(TOKEN);
      await own.close();
    });
  });

  it('answers a missing incident without calling Claude', async () => {
    const result = await client.callTool({ name: 'incident_summarize', arguments: { id: 'INC-999999' } });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'No incident INC-999999. Use incident_list to find open incidents.' }] });
    expect(fake.requests).toHaveLength(0);
  });

  it('a client that cancels the call aborts the Claude request upstream', async () => {
    fake.script(textReply(['The ledger ', 'is degraded'], { stallAfterChunks: 1 }));
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'incident_summarize', arguments: { id: incidentId } },
      { signal: controller.signal, onprogress: (update) => update.message && controller.abort() },
    );
    await expect(call).rejects.toThrow();
    const aborted = await fake.nextAbort();
    expect(aborted.body.messages[0].content).toContain(incidentId);
  });

  it("the skill's timeout aborts the Claude request upstream and the caller reads why", async () => {
    fake.script(textReply(['Thinking ', 'very slowly'], { stallAfterChunks: 1 }));
    const updates: Update[] = [];
    const result = await client.callTool({ name: 'probe_stream', arguments: { task: 'take your time' } }, { onprogress: (update) => updates.push(update) });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'The tool "probe_stream" did not finish within 600 ms and was cancelled. Try a smaller request or try again later.' }],
    });
    expect(updates).toEqual([{ progress: 1, message: 'Thinking ' }]);
    const aborted = await fake.nextAbort();
    expect(aborted.body.messages).toEqual([{ role: 'user', content: 'take your time' }]);
  });

  it('ops_agent runs registry skills through tool_use -> tool_result -> end_turn and returns the steps', async () => {
    fake.script(
      toolUseReply({ name: 'incident_list', input: { status: 'open', service: 'ledger' } }),
      toolUseReply({ name: 'catalog_dependency_impact', input: { service: 'ledger' } }),
      { kind: 'message', content: [{ type: 'text', text: `${incidentId} on ledger puts payments-gateway and checkout-api at risk.` }] },
    );
    const updates: Update[] = [];
    const result = await client.callTool(
      { name: 'ops_agent', arguments: { task: 'Which tier-1 services does the open ledger incident put at risk?' } },
      { onprogress: (update) => updates.push(update) },
    );
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent as {
      answer: string;
      steps: Array<{ tool: string; input: unknown; isError: boolean; result: string }>;
      iterations: number;
      model: string;
    };
    expect(output.answer).toBe(`${incidentId} on ledger puts payments-gateway and checkout-api at risk.`);
    expect(output.iterations).toBe(3);
    expect(output.model).toBe(MODEL);
    expect(output.steps.map((step) => [step.tool, step.input, step.isError])).toEqual([
      ['incident_list', { status: 'open', service: 'ledger' }, false],
      ['catalog_dependency_impact', { service: 'ledger' }, false],
    ]);
    expect(output.steps[0].result).toContain(incidentId);
    expect(output.steps[1].result).toContain('payments-gateway');

    // Each step reached the caller as progress.
    expect(updates.map((update) => update.message)).toEqual([
      'asking Claude (turn 1 of 8)',
      'Claude answered (turn 1): calling incident_list',
      'calling tool incident_list',
      'tool incident_list answered',
      'asking Claude (turn 2 of 8)',
      'Claude answered (turn 2): calling catalog_dependency_impact',
      'calling tool catalog_dependency_impact',
      'tool catalog_dependency_impact answered',
      'asking Claude (turn 3 of 8)',
      'Claude answered (turn 3): final answer',
    ]);

    // Claude was offered the read-only skills with their MCP input schemas, and nothing else.
    const { tools } = await client.listTools();
    const offered = fake.requests[0].body.tools!;
    const names = offered.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['incident_list', 'incident_search', 'catalog_search_services', 'catalog_dependency_impact', 'deploy_recent', 'probe_owner']));
    for (const excluded of ['ops_agent', 'incident_open', 'incident_update', 'probe_write', 'probe_hidden', 'probe_guarded', 'probe_agent']) {
      expect(names).not.toContain(excluded);
    }
    for (const tool of offered) {
      expect(tool.input_schema).toEqual(tools.find((listed) => listed.name === tool.name)!.inputSchema);
    }

    // The real results went back to Claude as tool_result blocks.
    const [, second, third] = fake.requests.map((request) => request.body);
    const firstResult = (second.messages[2].content as Array<{ type: string; content: string; is_error?: boolean }>)[0];
    expect(firstResult).toMatchObject({ type: 'tool_result' });
    expect(firstResult.is_error).toBeUndefined();
    expect(JSON.parse(firstResult.content).incidents[0]).toMatchObject({ id: incidentId, service: 'ledger', status: 'open', openedBy: 'ops-bot' });
    const impact = JSON.parse((third.messages[4].content as Array<{ content: string }>)[0].content);
    expect(impact).toMatchObject({ service: 'ledger', tier1Affected: expect.arrayContaining(['payments-gateway', 'checkout-api']) });
  });

  it('ops_agent with allowChanges may also use tools that change things', async () => {
    fake.script({ kind: 'message', content: [{ type: 'text', text: 'Nothing to change.' }] });
    const result = await client.callTool({ name: 'ops_agent', arguments: { task: 'Tidy up', allowChanges: true } });
    expect((result.structuredContent as { answer: string }).answer).toBe('Nothing to change.');
    const names = fake.requests[0].body.tools!.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['incident_open', 'incident_update', 'incident_list']));
    expect(names).not.toContain('ops_agent');
  });

  it('an agent that keeps calling tools stops at its iteration cap', async () => {
    fake.otherwise(toolUseReply({ name: 'probe_owner', input: { service: 'ledger' } }));
    const result = await client.callTool({ name: 'probe_agent', arguments: { task: 'never stop' } });
    expect(result).toMatchObject({
      isError: true,
      content: [
        {
          type: 'text',
          text: 'The agent stopped after 3 Claude turns without a final answer (its iteration limit). Tools called so far: probe_owner, probe_owner, probe_owner. Narrow the task or raise the limit.',
        },
      ],
    });
    expect(fake.requests).toHaveLength(3);
  });

  it('an agent whose Claude is slow stops at its time budget and aborts the request', async () => {
    fake.script(toolUseReply({ name: 'probe_owner', input: { service: 'ledger' } }), { kind: 'hang' });
    const result = await client.callTool({ name: 'probe_agent', arguments: { task: 'slow' } });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'The agent did not finish within its time budget of 1500 ms. Tools called so far: probe_owner. Narrow the task or try again.' }],
    });
    await fake.nextAbort();
  });

  describe('Anthropic API failures reach the caller as clear isError results without secrets', () => {
    it.each([
      [429, 'rate_limit_error', 'Claude is rate-limiting this service (HTTP 429). Try again in 20 s.', 'rate_limited'],
      [500, 'api_error', 'Claude had an internal error (HTTP 500). Try again later.', 'server_error'],
      [401, 'authentication_error', 'Claude rejected the API key (HTTP 401): check ANTHROPIC_API_KEY.', 'unauthorized'],
    ])('HTTP %i', async (status, type, expected, reason) => {
      fake.otherwise(errorReply(status, type, `upstream said no to ${KEY} from http://10.0.0.8:443`, { 'retry-after': '20', 'retry-after-ms': '5' }));
      for (const name of ['incident_summarize', 'ops_agent']) {
        const args = name === 'ops_agent' ? { task: 'anything' } : { id: incidentId };
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toBe(expected);
        expect(result.structuredContent).toMatchObject({ error: { reason, status } });
        const everything = JSON.stringify(result);
        for (const secret of [KEY, fake.baseURL, new URL(fake.baseURL).port, '10.0.0.8']) expect(everything).not.toContain(secret);
        expect(everything).not.toMatch(/\\n\s+at /);
      }
      expect(running.logs.lines.join('\n')).not.toContain(KEY);
    });
  });
});
