import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'claude-off-token-1234567890';

describe('the example without ANTHROPIC_API_KEY', () => {
  let running: RunningApp;
  let client: Client;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `ops-bot=${TOKEN}`, ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' } });
    client = new Client({ name: 'claude-off-e2e', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(running.mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  });
  afterAll(async () => {
    await client?.close();
    await running?.close();
  });

  it('starts, serves, and says in its log that Claude is not configured', async () => {
    const health = await fetch(new URL('/readyz', running.origin));
    expect(health.status).toBe(200);
    expect(running.logs.lines.join('\n')).toContain('ANTHROPIC_API_KEY is not set: the app serves, and skills that need Claude answer that Claude is not configured.');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['incident_summarize', 'ops_agent', 'catalog_search_services']));
    const other = await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier1' } });
    expect(other.isError).toBeFalsy();
  });

  it.each([
    ['incident_summarize', { id: 'INC-1001' }],
    ['ops_agent', { task: 'What is on fire?' }],
  ])('%s answers with isError naming ANTHROPIC_API_KEY', async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Claude is not configured: set ANTHROPIC_API_KEY.' }],
      _meta: { 'io.skillnest/error': { reason: 'unconfigured' } },
    });
  });
});
