import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const TOKEN = 'browser-token-0000000000000000';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A page that calls the gateway from the browser, as a web MCP client would, and shows what happened. */
function page(gateway: string): string {
  return `<!doctype html><html><body><pre id="out">running</pre><script>
    (async () => {
      const out = document.getElementById('out');
      try {
        const response = await fetch(${JSON.stringify(gateway)}, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Accept': 'application/json, text/event-stream',
            'Authorization': 'Bearer ${TOKEN}',
            'MCP-Protocol-Version': '2025-11-25',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
            params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'browser', version: '1' } } }),
        });
        const text = await response.text();
        out.textContent = JSON.stringify({ status: response.status, session: response.headers.get('mcp-session-id'), ok: text.includes('serverInfo') });
      } catch (error) {
        out.textContent = JSON.stringify({ blocked: String(error) });
      }
    })();
  </script></body></html>`;
}

/** A page server on `host`; its HTML is set once the gateway's URL is known. */
async function servePage(host: string): Promise<{ server: Server; origin: string; setHtml(html: string): void }> {
  let html = '';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}`, setHtml: (value) => (html = value) };
}

describe('a browser client in headless Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  const pages: Server[] = [];
  let allowedOrigin: string;
  let allowedPage: string;
  let foreignPage: string;

  beforeAll(async () => {
    // Two pages on other local origins (other loopback addresses, so not the default-allowed
    // localhost): one on the allow-list, one not.
    const allowed = await servePage('127.0.0.3');
    const foreign = await servePage('127.0.0.2');
    pages.push(allowed.server, foreign.server);
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `browser=${TOKEN}`, SKILLNEST_ALLOWED_ORIGINS: allowed.origin } });
    allowed.setHtml(page(running.mcpUrl.href));
    foreign.setHtml(page(running.mcpUrl.href));
    allowedOrigin = allowed.origin;
    allowedPage = `${allowed.origin}/`;
    foreignPage = `${foreign.origin}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    pages.forEach((server) => server.close());
    await running?.close();
  });

  async function outcome(url: string): Promise<Record<string, unknown>> {
    const tab = await browser.newPage();
    try {
      await tab.goto(url);
      await tab.waitForFunction(() => document.getElementById('out')?.textContent !== 'running', undefined, { timeout: 15_000 });
      return JSON.parse((await tab.textContent('#out')) ?? '{}');
    } finally {
      await tab.close();
    }
  }

  it('lets a page on an allowed origin (SKILLNEST_ALLOWED_ORIGINS) call the gateway and read Mcp-Session-Id', async () => {
    const result = await outcome(allowedPage);
    expect(result).toMatchObject({ status: 200, ok: true, session: expect.stringMatching(/^[\x21-\x7e]+$/) });
  }, 30_000);

  it('refuses a page on another origin: the browser blocks the call', async () => {
    const result = await outcome(foreignPage);
    expect(result).toEqual({ blocked: expect.stringContaining('Failed to fetch') });
  }, 30_000);

  it('answers a foreign origin with 403 and no CORS headers', async () => {
    const response = await fetch(running.mcpUrl, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.2:8080', 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(running.mcpUrl, {
      method: 'OPTIONS',
      headers: { origin: allowedOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,mcp-protocol-version,mcp-session-id' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('mcp-session-id');
  });
});
