import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ClaudeProbeModule } from '../fixtures/claude-probe.module';
import { startExampleApp, type RunningApp } from './example-app.harness';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';

export const CLAUDE_TOKEN = 'claude-e2e-token-1234567890';
export const CLAUDE_KEY = 'sk-ant-e2e-0123456789abcdef-SECRET';
export const CLAUDE_MODEL = 'claude-e2e-model';

export async function connectClaudeClient(url: URL, mode: 'auto' | 'legacy' = 'auto'): Promise<Client> {
  const client = new Client({ name: 'claude-e2e', version: '1.0.0' }, mode === 'auto' ? { versionNegotiation: { mode: 'auto' } } : {});
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${CLAUDE_TOKEN}` } } }));
  return client;
}

export const textOf = (result: { content: unknown }) => (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? '').join('');

/** The example app with its Claude skills pointed at a local server speaking the Messages API, and one open incident. */
export async function startClaudeApp(): Promise<{ fake: FakeAnthropic; running: RunningApp; client: Client; incidentId: string; close(): Promise<void> }> {
  const fake = await startFakeAnthropic();
  const running = await startExampleApp({
    env: {
      SKILLNEST_TOKENS: `ops-bot=${CLAUDE_TOKEN}`,
      ANTHROPIC_API_KEY: CLAUDE_KEY,
      ANTHROPIC_BASE_URL: fake.baseURL,
      SKILLNEST_CLAUDE_MODEL: CLAUDE_MODEL,
      SKILLNEST_CLAUDE_MAX_RETRIES: '1',
    },
    imports: [ClaudeProbeModule],
  });
  const client = await connectClaudeClient(running.mcpUrl);
  const opened = await client.callTool({
    name: 'incident_open',
    arguments: { service: 'ledger', severity: 'sev2', title: 'Ledger writes time out', summary: 'p99 write latency above 5 s since 09:10' },
  });
  const incidentId = (opened.structuredContent as { id: string }).id;
  const close = async () => {
    await client.close();
    await running.close();
    await fake.close();
  };
  return { fake, running, client, incidentId, close };
}
