import { NestedDtoProbe, NestedDtoProbeModule } from '../fixtures/nested-dto-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { connectClient, type McpTestClient } from '../support/mcp-clients';

const TOKEN = 'nested-arguments-token-0123456789';
const OPEN = { service: 'checkout-api', severity: 'sev3', title: 'Checkout is slow for some' };

// Item 17 of issue 13: `incident_open` with `"impact":[]` created an incident although its schema
// says object; class-validator's @ValidateNested takes an array for an object and the reverse.
describe('nested arguments: validation refuses the shapes the JSON Schema does', () => {
  let running: RunningApp;
  let client: McpTestClient;
  const rest = async (name: string, body: unknown) => {
    const response = await fetch(`${running.origin}/skills/${name}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { result?: { incidents: unknown[] }; error?: string; problems?: string[] } };
  };
  const incidents = async () => (await rest('incident_list', { limit: 100 })).body.result!.incidents.length;

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `admin=${TOKEN}` }, imports: [NestedDtoProbeModule] });
    client = (await connectClient('v2 auto (2026-07-28)', running.mcpUrl, TOKEN)).client;
  });
  afterAll(async () => {
    await client?.close();
    await running?.close();
  });

  it('REST: incident_open with "impact": [] is a 400 naming the field, and opens nothing', async () => {
    const before = await incidents();
    const answer = await rest('incident_open', { ...OPEN, impact: [] });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_arguments', problems: ['impact: impact must be an object'] });
    expect(await incidents()).toBe(before);
    expect((await rest('incident_open', { ...OPEN, impact: { customersAffected: 3, regions: ['eu-west'] } })).status).toBe(200);
    expect(await incidents()).toBe(before + 1);
  });

  it('MCP: incident_open with "impact": [] is an isError result like other invalid arguments; the schema says object', async () => {
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'incident_open')!.inputSchema.properties).toMatchObject({ impact: { type: 'object', required: ['customersAffected', 'regions'] } });
    const result = await client.callTool({ name: 'incident_open', arguments: { ...OPEN, impact: [] } });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Invalid arguments for "incident_open": impact: impact must be an object' }] });
  });

  it('advertises every nested list as an array of objects, and every nested DTO as an object', async () => {
    const { tools } = await client.listTools();
    const properties = tools.find((tool) => tool.name === 'probe_nested')!.inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.label).toMatchObject({ type: 'object', required: ['name'] });
    expect(properties.branch).toMatchObject({ type: 'object', properties: { leaf: { type: 'object' } } });
    expect(properties.tags).toMatchObject({ type: 'array', items: { type: 'object', required: ['name'] } });
    expect(properties.leaves).toMatchObject({ type: 'array', items: { type: 'object', required: ['weight'] } });
  });

  const label = { name: 'l' };
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an array for a required object', { label: [] }, 'label: label must be an object'],
    ['an array of objects for an object', { label: [label] }, 'label: label must be an object'],
    ['an array for an optional object', { label, alias: [] }, 'alias: alias must be an object'],
    ['an array two levels deep', { label, branch: { leaf: [] } }, 'branch.leaf: leaf must be an object'],
    ['an object for an each-list', { label, tags: label }, 'tags: tags must be an array'],
    ['lists in an each-list', { label, tags: [[label]] }, 'tags: each value in tags must be an object'],
    ['an object for a list typed as an array', { label, leaves: { weight: 1 } }, 'leaves: leaves must be an array'],
    ['a string for a list', { label, leaves: 'x' }, 'leaves: leaves must be an array'],
  ];

  it.each(refused)('refuses %s as invalid arguments, the skill not run', async (_case, args, problem) => {
    const probe = running.app.get(NestedDtoProbe);
    const calls = probe.calls;
    const result = await client.callTool({ name: 'probe_nested', arguments: args });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/^Invalid arguments for "probe_nested": /);
    expect(result.content[0].text).toContain(problem);
    expect(probe.calls).toBe(calls);
  });

  it('accepts the declared shapes', async () => {
    const args = { label, alias: label, branch: { leaf: { weight: 1 } }, tags: [label, label], leaves: [{ weight: 0 }] };
    const result = await client.callTool({ name: 'probe_nested', arguments: args });
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'label l, 2 tags, 1 leaves' }] });
    expect(result.isError).toBeFalsy();
  });
});
