import { ContextProbeModule } from '../fixtures/context-probe.module';
import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'rest-refusals-token-0123456789abc';

/** Why a REST call did not run, as its caller reads it: status, content type and a JSON body with a code and a message. */
describe('REST refusals', () => {
  let running: RunningApp;
  const run = async (name: string, body: unknown = {}) => {
    const response = await fetch(`${running.origin}/skills/${name}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
  };

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `rest=${TOKEN}` }, imports: [ScopedSkillsModule, ContextProbeModule] });
  });
  afterAll(async () => running?.close());

  it('answers an unknown skill with 404 unknown_tool', async () => {
    expect(await run('no_such_skill')).toEqual({
      status: 404,
      type: expect.stringMatching(/^application\/json/),
      body: { error: 'unknown_tool', message: 'Unknown tool "no_such_skill". Call tools/list for the tools this server offers.' },
    });
  });

  it('answers a skill whose Nest guard refuses the caller with 403 forbidden, without a Bearer challenge', async () => {
    const response = await fetch(`${running.origin}/skills/scoped_oncall/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull(); // no scope would help: it is the guard's decision
    expect(await response.json()).toEqual({ error: 'forbidden', message: 'You may not use "scoped_oncall".' });
  });

  it('answers a skill that needs input from the user with 409 input_required, pointing to MCP', async () => {
    expect(await run('probe_confirm')).toEqual({
      status: 409,
      type: expect.stringMatching(/^application\/json/),
      body: { error: 'input_required', message: '"probe_confirm" needs interactive input from the user; call it over MCP instead.' },
    });
  });
});
