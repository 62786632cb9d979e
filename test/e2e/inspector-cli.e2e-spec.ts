import { ensureConformanceRunner, runInspector } from '../support/conformance-runner';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'inspector-token-abcdefghijklmn';

describe('the MCP Inspector CLI against the example service', () => {
  let running: RunningApp;

  beforeAll(async () => {
    ensureConformanceRunner();
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `inspector=${TOKEN}` } });
  }, 300_000);
  afterAll(async () => running?.close());

  const auth = ['--header', `Authorization: Bearer ${TOKEN}`];

  it.each(['modern', 'legacy'] as const)(
    'lists and calls the tools in the %s era',
    async (era) => {
      const listed = (await runInspector([running.mcpUrl.href, '--method', 'tools/list', '--protocol-era', era, ...auth])) as { tools: Array<{ name: string }> };
      expect(listed.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['catalog_search_services', 'incident_open', 'deploy_recent']));

      const called = (await runInspector([
        running.mcpUrl.href,
        '--method',
        'tools/call',
        '--tool-name',
        'catalog_dependency_impact',
        '--tool-arg',
        'service=ledger',
        '--protocol-era',
        era,
        ...auth,
      ])) as { structuredContent: Record<string, unknown>; isError?: boolean };
      expect(called.isError).toBeFalsy();
      expect(called.structuredContent).toMatchObject({ service: 'ledger', tier1Affected: ['payments-gateway', 'checkout-api'] });
    },
    120_000,
  );

  it('is refused without the token', async () => {
    await expect(runInspector([running.mcpUrl.href, '--method', 'tools/list', '--protocol-era', 'modern'])).rejects.toThrow(/401|Unauthorized|auth/i);
  }, 60_000);
});
