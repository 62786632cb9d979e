import type { Client } from '@modelcontextprotocol/client';
import type { RunningApp } from '../support/example-app.harness';
import { CLAUDE_KEY as KEY, CLAUDE_MODEL as MODEL, CLAUDE_TOKEN as TOKEN, connectClaudeClient as connect, startClaudeApp, textOf } from '../support/claude-app';
import { errorReply, textReply, type FakeAnthropic } from '../support/fake-anthropic';

type Update = { progress: number; total?: number; message?: string };

describe('Claude-backed skills over MCP', () => {
  let fake: FakeAnthropic;
  let running: RunningApp;
  let client: Client;
  let incidentId: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, running, client, incidentId, close } = await startClaudeApp());
  });
  afterEach(() => fake.reset());
  afterAll(async () => close?.());

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
        expect(result._meta).toMatchObject({ 'io.skillnest/error': { reason, status } });
        const everything = JSON.stringify(result);
        for (const secret of [KEY, fake.baseURL, new URL(fake.baseURL).port, '10.0.0.8']) expect(everything).not.toContain(secret);
        expect(everything).not.toMatch(/\\n\s+at /);
      }
      expect(running.logs.lines.join('\n')).not.toContain(KEY);
    });
  });
});
