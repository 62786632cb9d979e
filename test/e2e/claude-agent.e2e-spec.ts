import type { Client } from '@modelcontextprotocol/client';
import { CLAUDE_MODEL as MODEL, startClaudeApp } from '../support/claude-app';
import { toolUseReply, type FakeAnthropic } from '../support/fake-anthropic';

type Update = { progress: number; total?: number; message?: string };

/** The Claude agent (`ops_agent`) over MCP: its tool loop, its caps and its budget. */
describe('ops_agent, the Claude agent over the registry', () => {
  let fake: FakeAnthropic;
  let client: Client;
  let incidentId: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, client, incidentId, close } = await startClaudeApp());
  });
  afterEach(() => fake.reset());
  afterAll(async () => close?.());

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
    expect(JSON.parse(firstResult.content).incidents[0]).toMatchObject({ id: incidentId, service: 'ledger', status: 'open', openedBy: 'static:ops-bot' });
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
});
