import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

const TOKEN = 'cors-origins-token-0123456789abcdef';
const LISTED = 'https://console.example.com';
const LOCAL_PAGES = ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080'];
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** A preflight and a call from `origin`, as a browser page there would send them. */
async function fromPage(running: RunningApp, origin: string, token?: string) {
  const preflight = await fetch(running.mcpUrl, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  const call = await fetch(running.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, origin, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: LIST });
  await call.text();
  return { allowOrigin: preflight.headers.get('access-control-allow-origin'), status: call.status };
}

describe('which browser origins may call the gateway', () => {
  describe('authenticated: only the configured allowed origins', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startExampleApp({ env: { SKILLNEST_TOKENS: `web=${TOKEN}`, SKILLNEST_ALLOWED_ORIGINS: LISTED } });
    });
    afterAll(() => running?.close());

    it.each(LOCAL_PAGES)('refuses a page on %s: no CORS headers, and 403 even with a valid token', async (origin) => {
      expect(await fromPage(running, origin, TOKEN)).toEqual({ allowOrigin: null, status: 403 });
    });

    it('serves a listed origin', async () => {
      expect(await fromPage(running, LISTED, TOKEN)).toEqual({ allowOrigin: LISTED, status: 200 });
    });
  });

  describe('unauthenticated (the local user alone): localhost pages too', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startExampleApp({ env: { SKILLNEST_TOKENS: '' } });
    });
    afterAll(() => running?.close());

    it.each(LOCAL_PAGES)('serves a page on %s', async (origin) => {
      expect(await fromPage(running, origin)).toEqual({ allowOrigin: origin, status: 200 });
    });

    it('still refuses a page on another site', async () => {
      expect(await fromPage(running, 'https://attacker.example')).toEqual({ allowOrigin: null, status: 403 });
    });
  });
});
