import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'openapi-docs-token-0123456789abcdef';

/** What a visitor without a token learns from /docs and /docs-json. */
async function docsOf(running: RunningApp) {
  const json = await fetch(`${running.origin}/docs-json`);
  const ui = await fetch(`${running.origin}/docs`);
  await ui.text();
  return { json: json.status, ui: ui.status, paths: json.ok ? Object.keys(((await json.json()) as { paths: object }).paths) : (await json.text(), []) };
}

describe('the OpenAPI document of the REST tools (/docs, /docs-json)', () => {
  const started: RunningApp[] = [];
  const start = async (env: Record<string, string>) => {
    const running = await startExampleApp({ env });
    started.push(running);
    return running;
  };
  afterAll(async () => {
    for (const running of started) await running.close();
  });

  it('is not served by default when the gateway is authenticated, and the log says how to turn it on', async () => {
    const running = await start({ SKILLNEST_TOKENS: `ops=${TOKEN}` });
    expect(await docsOf(running)).toEqual({ json: 404, ui: 404, paths: [] });
    expect(running.logs.lines.some((line) => line.includes('OpenAPI document not served') && line.includes('SKILLNEST_DOCS=on'))).toBe(true);
  });

  it('is served with SKILLNEST_DOCS=on on an authenticated gateway', async () => {
    const running = await start({ SKILLNEST_TOKENS: `ops=${TOKEN}`, SKILLNEST_DOCS: 'on' });
    const docs = await docsOf(running);
    expect(docs).toMatchObject({ json: 200, ui: 200 });
    expect(docs.paths).toContain('/skills/ops_agent/run');
  });

  it('is served by default when the gateway is unauthenticated (local use)', async () => {
    const running = await start({ SKILLNEST_TOKENS: '' });
    const docs = await docsOf(running);
    expect(docs).toMatchObject({ json: 200, ui: 200 });
    expect(docs.paths).toEqual(expect.arrayContaining(['/skills/incident_open/run', '/skills/incident_open/stream']));
  });

  it('is not served with SKILLNEST_DOCS=off on an unauthenticated gateway', async () => {
    const running = await start({ SKILLNEST_TOKENS: '', SKILLNEST_DOCS: 'off' });
    expect(await docsOf(running)).toEqual({ json: 404, ui: 404, paths: [] });
  });

  it('refuses to start with a SKILLNEST_DOCS that is neither on nor off', async () => {
    await expect(startExampleApp({ env: { SKILLNEST_TOKENS: '', SKILLNEST_DOCS: 'yes' } })).rejects.toThrow('SKILLNEST_DOCS="yes" is not valid: use on or off.');
  });
});
