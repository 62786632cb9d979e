import { CLIENT_KINDS, connectClient, type McpTestClient } from '../support/mcp-clients';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'e2e-example-token-0123456789';

describe('example service over MCP', () => {
  let running: RunningApp;

  beforeAll(async () => {
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

    it('lists every example tool with schemas and annotations', async () => {
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
      const search = tools.find((tool) => tool.name === 'catalog_search_services')!;
      expect(search.inputSchema).toMatchObject({ type: 'object', properties: { tier: { enum: ['tier1', 'tier2', 'tier3'] } } });
      expect(search.outputSchema).toMatchObject({ type: 'object', required: ['services', 'total'] });
      expect(search.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
      const open = tools.find((tool) => tool.name === 'incident_open')!;
      expect(open.inputSchema).toMatchObject({
        required: expect.arrayContaining(['service', 'severity', 'title']),
        properties: { impact: { type: 'object', properties: { regions: { type: 'array' } } } },
      });
    });

    it('searches the catalog: structured content plus the same data as text', async () => {
      const result = await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier1', limit: 2 } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        services: [
          expect.objectContaining({ name: 'checkout-api', tier: 'tier1', oncallChannel: '#payments-oncall' }),
          expect.objectContaining({ name: 'payments-gateway', tier: 'tier1' }),
        ],
        total: 4,
      });
      expect(JSON.parse(result.content[0].text!)).toEqual(result.structuredContent);
    });

    it('computes the blast radius of a service (a zod-typed tool)', async () => {
      const result = await client.callTool({ name: 'catalog_dependency_impact', arguments: { service: 'ledger' } });
      expect(result.structuredContent).toEqual({
        service: 'ledger',
        directDependents: ['payments-gateway'],
        transitiveDependents: ['checkout-api'],
        tier1Affected: ['payments-gateway', 'checkout-api'],
        channelsToNotify: ['#finance-oncall', '#payments-oncall'],
      });
    });

    it('opens, updates and lists an incident, recording the caller', async () => {
      const opened = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'checkout-api', severity: 'sev2', title: 'Checkout latency above SLO', impact: { customersAffected: 120, regions: ['eu-west'] } },
      });
      expect(opened.isError).toBeFalsy();
      const incident = opened.structuredContent as { id: string; openedBy: string; status: string; regions: string[] };
      expect(incident).toMatchObject({ id: expect.stringMatching(/^INC-\d{4}$/), openedBy: 'static:oncall-bot', status: 'open', regions: ['eu-west'] });

      const updated = await client.callTool({ name: 'incident_update', arguments: { id: incident.id, status: 'mitigated', note: 'Rolled back 4.2.1' } });
      expect(updated.structuredContent).toMatchObject({
        status: 'mitigated',
        timeline: [expect.anything(), expect.objectContaining({ note: 'Rolled back 4.2.1', by: 'static:oncall-bot' })],
      });

      const listed = await client.callTool({ name: 'incident_list', arguments: { status: 'mitigated' } });
      expect((listed.structuredContent as { incidents: Array<{ id: string }> }).incidents.map((item) => item.id)).toContain(incident.id);

      const record = await client.readResource({ uri: `incident://incidents/${incident.id}` });
      expect(JSON.parse(record.contents[0].text!)).toMatchObject({ id: incident.id, status: 'mitigated' });

      const prompt = await client.getPrompt({ name: 'incident_postmortem', arguments: { id: incident.id } });
      expect(prompt.messages[0].content.text).toContain(`Write a blameless postmortem for ${incident.id} (sev2) on checkout-api`);
      expect(prompt.messages[0].content.text).toContain('[mitigated] Rolled back 4.2.1');
    });

    it('finds incidents by full-text search over titles, summaries and timeline notes', async () => {
      const marker = kind.replace(/\W+/g, '').toLowerCase(); // a word only this client's incident contains
      const opened = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'ledger', severity: 'sev3', title: `Ledger reconciliation lag ${marker}`, summary: 'Nightly batch overran its window' },
      });
      const id = (opened.structuredContent as { id: string }).id;
      await client.callTool({ name: 'incident_update', arguments: { id, status: 'resolved', note: 'Partition pruning fixed the overrun' } });

      const byNote = await client.callTool({ name: 'incident_search', arguments: { query: `pruning ${marker}` } });
      expect((byNote.structuredContent as { incidents: Array<{ id: string; rank: number }> }).incidents).toEqual([
        expect.objectContaining({ id, status: 'resolved', rank: expect.any(Number) }),
      ]);
      const excluded = await client.callTool({ name: 'incident_search', arguments: { query: `${marker} -reconciliation` } });
      expect((excluded.structuredContent as { incidents: unknown[] }).incidents).toEqual([]);
      const afterResolve = await client.callTool({ name: 'incident_update', arguments: { id, status: 'open', note: 'again' } });
      expect(afterResolve).toMatchObject({ isError: true, content: [{ text: `${id} is already resolved; open a new incident if the problem came back.` }] });
    });

    it('reads the static catalog resource and a templated service card', async () => {
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

      const all = await client.readResource({ uri: 'catalog://services' });
      expect(all.contents[0].mimeType).toBe('application/json');
      expect(JSON.parse(all.contents[0].text!).services).toHaveLength(8);

      const card = await client.readResource({ uri: 'catalog://services/ledger' });
      expect(card.contents[0]).toMatchObject({ uri: 'catalog://services/ledger', mimeType: 'text/markdown' });
      expect(card.contents[0].text).toContain('# ledger\n- Owner: finance-platform (#finance-oncall)');
    });

    it('serves the incident-response Agent Skill as skill:// resources', async () => {
      const skill = await client.readResource({ uri: 'skill://incident-response/SKILL.md' });
      expect(skill.contents[0].text).toMatch(/^---\nname: incident-response\n/);
      expect(skill.contents[0].text).toContain('catalog_dependency_impact');
      const guide = await client.readResource({ uri: 'skill://incident-response/references/severity-guide.md' });
      expect(guide.contents[0].text).toContain('# Severity: the borderline cases');
    });

    it('gets a prompt with validated arguments', async () => {
      const { prompts } = await client.listPrompts();
      expect(prompts.find((prompt) => prompt.name === 'review_service_readiness')?.arguments).toEqual([expect.objectContaining({ name: 'service', required: true })]);
      const prompt = await client.getPrompt({ name: 'review_service_readiness', arguments: { service: 'auth-service' } });
      expect(prompt.messages[0]).toMatchObject({ role: 'user', content: { type: 'text' } });
      expect(prompt.messages[0].content.text).toContain('# auth-service');
      await expect(client.getPrompt({ name: 'review_service_readiness', arguments: { service: 'Not A Name' } })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('service must be a catalog service name'),
      });
    });

    it('answers invalid arguments with isError naming each failing field', async () => {
      const result = await client.callTool({
        name: 'incident_open',
        arguments: { service: 'checkout-api', severity: 'sev9', title: 'x', impact: { customersAffected: -1, regions: ['mars'] } },
      });
      expect(result.isError).toBe(true);
      const text = result.content[0].text!;
      expect(text).toMatch(/^Invalid arguments for "incident_open": /);
      expect(text).toContain('severity: severity must be one of the following values: sev1, sev2, sev3, sev4');
      expect(text).toContain('title: title must be longer than or equal to 5 characters');
      expect(text).toContain('impact.customersAffected: customersAffected must not be less than 0');
      expect(text).toContain('impact.regions: each value in regions must be one of the following values');
    });

    it("returns a SkillError's message to the caller", async () => {
      const result = await client.callTool({ name: 'incident_update', arguments: { id: 'INC-9999', status: 'resolved', note: 'done' } });
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'No incident INC-9999. Use incident_list to find open incidents.' }] });
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
