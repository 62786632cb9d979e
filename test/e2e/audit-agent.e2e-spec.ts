import { createHash } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import { auditRows, type AuditRow } from '../support/audit-rows';
import { startClaudeApp } from '../support/claude-app';
import type { RunningApp } from '../support/example-app.harness';
import { toolUseReply, type FakeAnthropic } from '../support/fake-anthropic';
import { until } from '../support/until';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The Claude agent's tool use goes through the dispatcher as nested calls: each has a record of
// its own (`via: 'agent'`), on behalf of the agent's caller, besides the record of the agent call.
describe('audit records of the Claude agent’s nested calls', () => {
  let fake: FakeAnthropic;
  let client: Client;
  let running: RunningApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, client, running, close } = await startClaudeApp());
  });
  afterAll(async () => close?.());

  it('records ops_agent over MCP and the tool it ran for Claude, as its caller', async () => {
    fake.script(toolUseReply({ name: 'incident_list', input: { status: 'open', service: 'ledger' } }), {
      kind: 'message',
      content: [{ type: 'text', text: 'One open incident.' }],
    });
    const result = await client.callTool({ name: 'ops_agent', arguments: { task: 'What is open on ledger?' } });
    expect(result.isError).toBeFalsy();

    const url = running.database!.url;
    let rows: AuditRow[] = [];
    await until(async () => (rows = await auditRows(url)).some((row) => row.tool === 'ops_agent'), 'the agent call’s record', 10_000);
    const nested = rows.find((row) => row.tool === 'incident_list');
    const agent = rows.find((row) => row.tool === 'ops_agent');
    expect(nested).toMatchObject({ via: 'agent', caller_id: 'static:ops-bot', auth_method: 'static', client_name: 'claude-e2e', outcome: 'ok' });
    expect(nested!.arguments_sha256).toBe(sha256('{"service":"ledger","status":"open"}'));
    expect(agent).toMatchObject({ via: 'mcp', caller_id: 'static:ops-bot', outcome: 'ok' });
    // The nested call ran within the agent's: it arrived later and ended sooner.
    expect(nested!.at.getTime()).toBeGreaterThanOrEqual(agent!.at.getTime());
    expect(nested!.duration_ms).toBeLessThan(agent!.duration_ms);
  });
});
