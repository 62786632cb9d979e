import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { startFakeDeployTracker } from '../support/fake-deploy-tracker';
import { callToolOverHttp } from '../support/mcp-http';

const CLIENT_TOKEN = 'mcp-client-token-never-forwarded';
const UPSTREAM_TOKEN = 'deploy-tracker-own-credential';

describe('deploy_recent over an HTTP pool', () => {
  let tracker: Awaited<ReturnType<typeof startFakeDeployTracker>>;
  let running: RunningApp;
  const call = (service: string) => callToolOverHttp(running.mcpUrl.href, 'deploy_recent', { service, limit: 2 }, { authorization: `Bearer ${CLIENT_TOKEN}` });

  beforeAll(async () => {
    tracker = await startFakeDeployTracker();
    running = await startExampleApp({
      env: {
        SKILLNEST_TOKENS: CLIENT_TOKEN,
        DEPLOY_TRACKER_URL: tracker.origin,
        DEPLOY_TRACKER_TOKEN: UPSTREAM_TOKEN,
        DEPLOY_TRACKER_TIMEOUT_MS: '400',
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await tracker?.close();
  });

  it('returns the upstream deployments, mapped field by field', async () => {
    const outcome = await call('checkout-api');
    expect(outcome.result?.structuredContent).toEqual({
      service: 'checkout-api',
      deployments: [
        { id: 'd-2', version: '4.2.1', status: 'rolled_back', author: 'ana', startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:05:00.000Z' },
        { id: 'd-1', version: '4.2.0', status: 'succeeded', author: 'li', startedAt: '2026-11-19T09:00:00.000Z' },
      ],
    });
  });

  it("sends the upstream's own credential, never the MCP client's token", async () => {
    await call('checkout-api');
    const last = tracker.requests.at(-1)!;
    expect(last.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect(JSON.stringify(tracker.requests)).not.toContain(CLIENT_TOKEN);
  });

  it.each([
    ['stalls', 'stall-api', 'Upstream "deploy-tracker" did not answer in time (waiting for response headers, limit 400 ms). Try again later.', 'timeout'],
    ['answers 500', 'broken-api', 'Upstream "deploy-tracker" answered HTTP 500.', 'status'],
    ['resets the connection', 'reset-api', 'Upstream "deploy-tracker" closed the connection before answering. Try again later.', 'reset'],
    ['sends too much', 'huge-api', 'Upstream "deploy-tracker" sent a response larger than 262144 bytes; it was discarded.', 'too_large'],
    ['sends invalid JSON', 'garbage-api', 'Upstream "deploy-tracker" sent a response that is not valid JSON.', 'bad_body'],
  ])('gives a bounded, clear isError when the upstream %s', async (_case, service, message, reason) => {
    const started = Date.now();
    const outcome = await call(service);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(outcome.result).toMatchObject({ isError: true, content: [{ type: 'text', text: message }], _meta: { 'io.skillnest/error': { reason } } });
    expect(outcome.raw).not.toContain('127.0.0.1');
    expect(outcome.raw).not.toContain('10.9.8.7');
  });

  it('keeps serving after upstream failures', async () => {
    // A result that exists and is no error: `result?.isError` alone is falsy on a JSON-RPC error too.
    const outcome = await call('checkout-api');
    expect(outcome.result?.isError).toBeFalsy();
    expect(outcome.result?.structuredContent).toMatchObject({ service: 'checkout-api' });
  });
});

describe('deploy_recent without a configured upstream', () => {
  it('says which setting is missing, and the app stays ready (degraded)', async () => {
    const running = await startExampleApp({ env: { DEPLOY_TRACKER_URL: '' } });
    try {
      const outcome = await callToolOverHttp(running.mcpUrl.href, 'deploy_recent', { service: 'ledger' });
      expect(outcome.result).toMatchObject({
        isError: true,
        content: [{ text: 'Upstream "deploy-tracker" is not configured: set DEPLOY_TRACKER_URL to its origin (for example http://127.0.0.1:4010).' }],
      });
      expect((await fetch(`${running.origin}/readyz`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
