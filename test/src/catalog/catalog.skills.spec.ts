import type { Client } from '@modelcontextprotocol/client';
import { startSkillsHarness, type SkillsHarness } from '@skillnest/testing';
import { CatalogModule } from '../../../src/catalog/catalog.module';

// The catalog's skills on their own, behind the real gateway: no database, no other module.
describe('the catalog skills', () => {
  let skills: SkillsHarness;

  beforeAll(async () => {
    skills = await startSkillsHarness({ imports: [CatalogModule], callers: { 'oncall-bot': ['catalog:read'], deployer: ['deploys:read'] } });
  });
  afterAll(async () => skills?.close());

  describe.each(['modern', 'legacy'] as const)('over a %s client', (era) => {
    let client: Client;

    beforeAll(async () => {
      client = await skills.client({ era, as: 'oncall-bot' });
    });

    it('lists catalog_search_services with its schemas and annotations', async () => {
      const { tools } = await client.listTools();
      const search = tools.find((tool) => tool.name === 'catalog_search_services')!;
      expect(search.inputSchema).toMatchObject({ type: 'object', properties: { tier: { enum: ['tier1', 'tier2', 'tier3'] } } });
      expect(search.outputSchema).toMatchObject({ type: 'object', required: ['services', 'total'] });
      expect(search.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
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
      const [first] = result.content as Array<{ type: string; text: string }>;
      expect(JSON.parse(first.text)).toEqual(result.structuredContent);
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

    it('reads the static catalog resource and a templated service card', async () => {
      const { resources } = await client.listResources();
      expect(resources).toEqual(expect.arrayContaining([expect.objectContaining({ uri: 'catalog://services', name: 'service_catalog' })]));
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(expect.arrayContaining(['catalog://services/{name}']));

      const all = await client.readResource({ uri: 'catalog://services' });
      const [catalog] = all.contents as Array<{ uri: string; mimeType?: string; text: string }>;
      expect(catalog.mimeType).toBe('application/json');
      expect(JSON.parse(catalog.text).services).toHaveLength(8);

      const card = await client.readResource({ uri: 'catalog://services/ledger' });
      expect(card.contents[0]).toMatchObject({ uri: 'catalog://services/ledger', mimeType: 'text/markdown' });
      expect((card.contents[0] as { text: string }).text).toContain('# ledger\n- Owner: finance-platform (#finance-oncall)');
    });

    it('gets a prompt with validated arguments', async () => {
      const { prompts } = await client.listPrompts();
      expect(prompts.find((prompt) => prompt.name === 'review_service_readiness')?.arguments).toEqual([expect.objectContaining({ name: 'service', required: true })]);
      const prompt = await client.getPrompt({ name: 'review_service_readiness', arguments: { service: 'auth-service' } });
      expect(prompt.messages[0]).toMatchObject({ role: 'user', content: { type: 'text' } });
      expect((prompt.messages[0].content as { text: string }).text).toContain('# auth-service');
      await expect(client.getPrompt({ name: 'review_service_readiness', arguments: { service: 'Not A Name' } })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('service must be a catalog service name'),
      });
    });

    it('shows a caller without catalog:read none of its tools, and refuses them (403)', async () => {
      const deployer = await skills.client({ era, as: 'deployer' });
      expect((await deployer.listTools()).tools.map((tool) => tool.name)).not.toContain('catalog_search_services');
      await expect(deployer.callTool({ name: 'catalog_search_services', arguments: {} })).rejects.toThrow('Insufficient scope: required "catalog:read"');
    });
  });
});
