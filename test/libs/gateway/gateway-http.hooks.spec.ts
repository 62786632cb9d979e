import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpGatewayModule, type McpGatewayOptions } from '@skillnest/gateway';
import { DispatchProbeModule } from '../../fixtures/dispatch-probe.module';
import { CaptureLogger } from '../../support/capture.logger';
import { MCP_HEADERS } from '../../support/mcp-http';
import { STATE_KEY } from './gateway-test-module';

const TOKEN = 'hooks-spec-token-0123456789';
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const apps: NestFastifyApplication[] = [];

interface Reply {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): unknown;
}
/** Sends over real HTTP with node:http, which (unlike fetch) lets a test choose the Host header. */
type Gateway = (method: string, url: string, headers: Record<string, string>, payload?: string) => Promise<Reply>;

/** A real app with one gateway on 127.0.0.1: the registrar mounts its routes and hooks on Nest's Fastify, as in production. */
async function gatewayApp(options: McpGatewayOptions): Promise<Gateway> {
  const logger = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [DispatchProbeModule, McpGatewayModule.forRoot({ modules: [DispatchProbeModule], requestStateKey: STATE_KEY, ...options })],
  })
    .setLogger(logger)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger });
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return (method, url, headers, payload) =>
    new Promise((resolve, reject) => {
      const sent = httpRequest({ host: '127.0.0.1', port, method, path: url, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ statusCode: response.statusCode!, headers: response.headers, body, json: () => JSON.parse(body) }));
      });
      sent.on('error', reject);
      sent.end(payload);
    });
}

const post = (gateway: Gateway, headers: Record<string, string>, url = '/mcp', payload = LIST) => gateway('POST', url, { ...MCP_HEADERS, ...headers }, payload);

/** The refusal every client gets: 403 and a bare JSON-RPC error, naming neither the value sent nor anything inside the server. */
function expectRefused(response: Awaited<ReturnType<typeof post>>, message: RegExp, sent: string) {
  expect(response.statusCode).toBe(403);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json();
  expect(body).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(message) } });
  expect(response.body).not.toContain(sent);
  expect(response.body).not.toMatch(/node_modules|\.ts\b|\bat \w|Error:|validateHostHeader/);
}

afterAll(async () => {
  for (const app of apps) await app.close();
});

describe('GatewayHttpHooks on an unauthenticated gateway (localhost hosts only)', () => {
  let local: Gateway;
  beforeAll(async () => {
    local = await gatewayApp({ allowedOrigins: ['https://app.example.com/'], restPrefix: '/skills' });
  });

  it.each(['localhost:3000', 'localhost', '127.0.0.1:8080', '[::1]:3000'])('serves Host %s', async (host) => {
    const response = await post(local, { host });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('probe_enhanced');
  });

  it.each(['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io:3000', 'attacker.test:80'])('refuses Host %s with 403 (DNS rebinding)', async (host) => {
    expectRefused(await post(local, { host }), /^Host not allowed/, host);
  });

  it.each(['https://app.example.com', 'http://localhost:5173', 'http://127.0.0.1:9999', 'http://[::1]:8080'])('serves a browser page on %s', async (origin) => {
    const response = await post(local, { host: 'localhost:3000', origin });
    expect(response.statusCode).toBe(200);
  });

  it.each(['https://evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'https://app.example.com.evil.example', 'null', 'not a url'])(
    'refuses Origin %s with 403',
    async (origin) => {
      expectRefused(await post(local, { host: 'localhost:3000', origin }), /^Origin not allowed/, origin === 'null' ? '"null"' : origin);
    },
  );

  it('refuses before reading the body: a foreign origin with a broken body gets 403, not a parse error', async () => {
    expectRefused(await post(local, { host: 'localhost', origin: 'https://evil.example' }, '/mcp', '{"jsonrpc":'), /^Origin not allowed/, 'evil.example');
    const get = await local('GET', '/mcp', { host: 'evil.example', accept: 'text/event-stream' });
    expectRefused(get, /^Host not allowed/, 'evil.example');
  });

  it('guards the REST routes of the gateway the same way', async () => {
    const run = (headers: Record<string, string>) => local('POST', '/skills/probe_enhanced/run', { 'content-type': 'application/json', ...headers }, '{"message":"hi"}');
    expect((await run({ host: 'localhost' })).statusCode).toBe(200);
    expectRefused(await run({ host: 'evil.example' }), /^Host not allowed/, 'evil.example');
    expectRefused(await run({ host: 'localhost', origin: 'https://evil.example' }), /^Origin not allowed/, 'evil.example');
  });
});

describe('GatewayHttpHooks on an authenticated gateway', () => {
  let open: Gateway;
  let pinned: Gateway;
  beforeAll(async () => {
    open = await gatewayApp({ tokens: [TOKEN] });
    pinned = await gatewayApp({ tokens: [TOKEN], allowedHosts: ['mcp.example.com'], resourceUrl: 'https://mcp.example.com/mcp' });
  });
  const bearer = { authorization: `Bearer ${TOKEN}` };

  it('serves any Host when no allowedHosts are set', async () => {
    expect((await post(open, { host: 'mcp.example.com', ...bearer })).statusCode).toBe(200);
    expect((await post(open, { host: '10.0.0.7:8080', ...bearer })).statusCode).toBe(200);
  });

  it('checks Origin before the token: a foreign page gets 403 with or without a valid token', async () => {
    expectRefused(await post(open, { host: 'mcp.example.com', origin: 'https://evil.example', ...bearer }), /^Origin not allowed/, 'evil.example');
    expectRefused(await post(open, { host: 'mcp.example.com', origin: 'https://evil.example' }), /^Origin not allowed/, 'evil.example');
    // With auth, a localhost page is a foreign origin like any other unless it is listed.
    expectRefused(await post(open, { host: 'mcp.example.com', origin: 'http://localhost:5173', ...bearer }), /^Origin not allowed/, 'localhost:5173');
  });

  it('names no metadata URL without a resource URL: the Host header never decides it', async () => {
    const response = await post(open, { host: 'mcp.example.com' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(`Bearer error="invalid_token", error_description="Missing bearer token: send 'Authorization: Bearer <token>'."`);
    expect(response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringMatching(/^Missing bearer token/) } });
  });

  it('serves only the listed hosts, on any port, when allowedHosts is set', async () => {
    expect((await post(pinned, { host: 'mcp.example.com', ...bearer })).statusCode).toBe(200);
    expect((await post(pinned, { host: 'mcp.example.com:443', ...bearer })).statusCode).toBe(200);
    expectRefused(await post(pinned, { host: 'other.example.com', ...bearer }), /^Host not allowed/, 'other.example.com');
    expectRefused(await post(pinned, { host: 'localhost', ...bearer }), /^Host not allowed/, 'localhost');
  });

  it('names the configured resource URL in challenges, whatever Host says', async () => {
    const response = await post(pinned, { host: 'mcp.example.com:8443' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  });
});
