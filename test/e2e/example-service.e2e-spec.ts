import { CLIENT_KINDS, connectClient, type McpTestClient } from '../support/mcp-clients';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'e2e-example-token-0123456789';

describe('example service over MCP', () => {
  let running: RunningApp;

  beforeAll(async () => {
    // The whole app: what its modules serve together. Each module's skills are tested on their own in
    // test/src/<module>/ with @skillnest/testing.
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `oncall-bot=${TOKEN}` } });
  });
  afterAll(async () => running?.close());

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    let client: McpTestClient;
    let era: string;

    beforeAll(async () => {
      ({ client, era } = await connectClient(kind, running.mcpUrl, TOKEN));
    });
    afterAll(async () => client?.close());

    it('negotiates the era the client speaks', () => {
      expect(era).toBe(kind.startsWith('v2 auto') ? 'modern' : kind === 'v2 legacy' ? 'legacy' : 'legacy skillnest-example');
    });

    it('lists every example tool (each module checks its schemas in its spec)', async () => {
      const { tools } = await client.listTools();
      // The example's tools are all there; a team's own modules may add more (the README guide does).
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining([
          'catalog_dependency_impact',
          'catalog_readiness_audit',
          'catalog_search_services',
          'deploy_recent',
          'incident_list',
          'incident_open',
          'incident_search',
          'incident_summarize',
          'incident_update',
          'ops_agent',
        ]),
      );
    });

    it('lists the resources and templates of every module (each module reads its own in its spec)', async () => {
      const { resources } = await client.listResources();
      expect(resources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ uri: 'catalog://services', name: 'service_catalog' }),
          expect.objectContaining({ uri: 'skill://incident-response/SKILL.md', name: 'incident-response', mimeType: 'text/markdown' }),
        ]),
      );
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(
        expect.arrayContaining(['catalog://services/{name}', 'incident://incidents/{id}', 'skill://{+path}']),
      );
    });

    it('serves the incident-response Agent Skill as skill:// resources', async () => {
      const skill = await client.readResource({ uri: 'skill://incident-response/SKILL.md' });
      expect(skill.contents[0].text).toMatch(/^---\nname: incident-response\n/);
      expect(skill.contents[0].text).toContain('catalog_dependency_impact');
      const guide = await client.readResource({ uri: 'skill://incident-response/references/severity-guide.md' });
      expect(guide.contents[0].text).toContain('# Severity: the borderline cases');
    });

    it('answers an unknown tool with JSON-RPC -32602', async () => {
      await expect(client.callTool({ name: 'incident_delete', arguments: {} })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('Unknown tool "incident_delete"'),
      });
    });

    it('answers an unknown resource with JSON-RPC -32602 (the 2026-07-28 code for "resource not found")', async () => {
      await expect(client.readResource({ uri: 'catalog://nothing/here' })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('catalog://nothing/here'),
      });
    });
  });
});
