import { request as httpRequest } from 'node:http';
import { reservePort, startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

const TOKEN = 'resource-identity-token-0123456789';
const METADATA = '/.well-known/oauth-protected-resource/mcp';
const HOSTILE_HOSTS = ['evil.example', 'evil.example", error="injected', 'evil.example\\", scope="*'];

/** One request with a Host header of the test's choosing (fetch does not allow setting it). */
function send(origin: string, method: string, path: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...MCP_HEADERS, host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end(method === 'POST' ? JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) : undefined);
  });
}

describe("an authenticated gateway's resource identity never comes from the Host header", () => {
  describe('with a resource URL', () => {
    let running: RunningApp;
    let resource: string;
    beforeAll(async () => {
      const { port, listener } = await reservePort();
      resource = `http://127.0.0.1:${port}/mcp`;
      running = await startExampleApp({ listener, env: { SKILLNEST_TOKENS: `ops=${TOKEN}`, SKILLNEST_RESOURCE_URL: resource, SKILLNEST_AUTH_SERVERS: 'https://idp.example' } });
    });
    afterAll(() => running?.close());

    it.each(HOSTILE_HOSTS)('serves the metadata and challenges of the configured URL to Host: %s', async (host) => {
      const metadata = await send(running.origin, 'GET', METADATA, host);
      expect(metadata.status).toBe(200);
      expect(JSON.parse(metadata.body)).toMatchObject({ resource, authorization_servers: ['https://idp.example'] });
      const refused = await send(running.origin, 'POST', '/mcp', host);
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe(
        `Bearer error="invalid_token", error_description="Missing bearer token: send 'Authorization: Bearer <token>'.", resource_metadata="${running.origin}${METADATA}"`,
      );
    });
  });

  describe('without a resource URL (static tokens only)', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startExampleApp({ env: { SKILLNEST_TOKENS: `ops=${TOKEN}` } });
    });
    afterAll(() => running?.close());

    it.each(HOSTILE_HOSTS)('publishes no metadata and names none in the challenge, whatever Host says: %s', async (host) => {
      expect((await send(running.origin, 'GET', METADATA, host)).status).toBe(404);
      const refused = await send(running.origin, 'POST', '/mcp', host);
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe(`Bearer error="invalid_token", error_description="Missing bearer token: send 'Authorization: Bearer <token>'."`);
    });

    it('says at startup why there is no metadata', () => {
      expect(running.logs.lines.some((line) => line.includes('serves no protected-resource metadata') && line.includes('SKILLNEST_RESOURCE_URL'))).toBe(true);
    });
  });

  it.each([
    ['authorization servers without a resource URL', { SKILLNEST_TOKENS: `ops=${TOKEN}`, SKILLNEST_AUTH_SERVERS: 'https://idp.example' }, 'needs the canonical resource URL'],
    ['a resource URL that is no http(s) URL', { SKILLNEST_TOKENS: `ops=${TOKEN}`, SKILLNEST_RESOURCE_URL: 'mcp.example.com/mcp' }, 'must be an absolute http or https URL'],
  ])('refuses to start with %s', async (_case, env, message) => {
    await expect(startExampleApp({ env })).rejects.toThrow(message);
  });
});
