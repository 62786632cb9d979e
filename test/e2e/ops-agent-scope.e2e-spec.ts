import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { parseBearerChallenge } from '../support/bearer-challenge';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';

const VIEWER = 'ops-agent-viewer-token-0123456789';
const AGENT = 'ops-agent-agent-token-0123456789a';
const TASK = { task: 'What is on fire?' };

/** `ops_agent` spends Claude budget, so it needs its own scope, `ops:agent`. */
describe('ops_agent needs the ops:agent scope', () => {
  let running: RunningApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // No ANTHROPIC_API_KEY: a call that gets past authorization answers "Claude is not configured".
    running = await startExampleApp({
      env: {
        SKILLNEST_TOKENS: `viewer=${VIEWER}[catalog:read incidents:read],agent=${AGENT}[ops:agent catalog:read incidents:read]`,
        ANTHROPIC_API_KEY: '',
        ANTHROPIC_BASE_URL: '',
      },
    });
  });
  afterAll(() => running?.close());

  it('answers a token without it 403 insufficient_scope naming ops:agent, on both wires', async () => {
    const modern = await modernRequest(running.mcpUrl.href, 'tools/call', { name: 'ops_agent', arguments: TASK }, bearer(VIEWER));
    expect(modern.status).toBe(403);
    const challenge = parseBearerChallenge(modern.headers.get('www-authenticate'));
    expect(challenge).toMatchObject({ error: 'insufficient_scope', scope: 'ops:agent' });
    expect(modern.body).toEqual({ error: 'insufficient_scope', error_description: 'tool ops_agent needs scope ops:agent' });
    const legacy = await callToolOverHttp(running.mcpUrl.href, 'ops_agent', TASK, bearer(VIEWER));
    expect(legacy.status).toBe(403);
    expect(parseBearerChallenge(legacy.headers.get('www-authenticate'))).toEqual(challenge);
  });

  it('refuses it over REST as well', async () => {
    const response = await fetch(`${running.origin}/skills/ops_agent/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(VIEWER) },
      body: JSON.stringify(TASK),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'insufficient_scope', scope: 'ops:agent' });
  });

  it('does not list it to a token without the scope, and lets a token with it run the agent', async () => {
    const names = async (token: string) =>
      ((await modernRequest(running.mcpUrl.href, 'tools/list', {}, bearer(token))).body?.result as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name);
    expect(await names(VIEWER)).not.toContain('ops_agent');
    expect(await names(AGENT)).toContain('ops_agent');
    const allowed = await callToolOverHttp(running.mcpUrl.href, 'ops_agent', TASK, bearer(AGENT));
    expect(allowed.status).toBe(200);
    expect(allowed.result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Claude is not configured: set ANTHROPIC_API_KEY.' }] });
  });
});
