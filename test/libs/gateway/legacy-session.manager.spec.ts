import type { TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { McpServerFactoryProvider } from '../../../libs/gateway/src/mcp/mcp-server.factory';
import { LegacySessionManager, type LegacySessionOptions } from '../../../libs/gateway/src/session/legacy-session.manager';
import { MemorySessionStore } from '../../../libs/gateway/src/session/memory-session.store';
import { RedisSessionStore } from '../../../libs/gateway/src/session/redis-session.store';
import { MCP_HEADERS, parseMcpBody } from '../../support/mcp-http';
import { authInfo, gatewayProviders, runId, until } from './gateway-test-module';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `skillnest-test:${runId()}:`;
const VERSION = '2025-11-25';
const initialize = (capabilities: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: VERSION, capabilities, clientInfo: { name: 'unit', version: '1' } },
});
const listTools = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
const NOT_FOUND = { status: 404, session: null, body: { jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringMatching(/^Session not found/) } } };
const TOO_MANY = {
  status: 503,
  session: null,
  body: { jsonrpc: '2.0', id: 1, error: { code: -32000, message: expect.stringMatching(/^Too many open sessions/), data: { limit: 'maxSessions', max: expect.any(Number) } } },
};

type Store = 'memory' | 'redis';
let moduleRef: TestingModule;
let handler: McpHttpHandler;
const redis = new Redis(REDIS_URL, { lazyConnect: true });
const managers: LegacySessionManager[] = [];
let prefixes = 0;

/** The caps of a test: the given sessions in all and idle timeout, the rest wide. */
const limits = (maxSessions: number, idleTimeoutMs: number): LegacySessionOptions => ({
  maxSessions,
  maxSessionsPerPrincipal: 100,
  idleTimeoutMs,
  maxStreams: 100,
  maxStreamsPerPrincipal: 100,
});

/** Sessions in front of the SDK's per-request handler, wired as `McpProtocol` wires them; a replica when `prefix` is shared. */
function gateway(store: Store, caps: { maxSessions: number; idleTimeoutMs: number }, prefix = `${PREFIX}${++prefixes}:`, client: Redis = redis) {
  const factory = moduleRef.get(McpServerFactoryProvider).create();
  const options = limits(caps.maxSessions, caps.idleTimeoutMs);
  const sessions = store === 'memory' ? new MemorySessionStore(options) : new RedisSessionStore(client, prefix, options);
  const manager = new LegacySessionManager(factory, options, (request, opts) => handler.fetch(request, opts), sessions);
  managers.push(manager);
  const send = async (principal: string, body: unknown, session?: string, method = 'POST') => {
    const headers = { ...MCP_HEADERS, ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': VERSION } : {}) };
    const request = new Request('http://localhost/mcp', { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const opts = { parsedBody: body, authInfo: authInfo(principal) };
    const response = (await manager.route(request, opts)) ?? (await handler.fetch(request, opts));
    return { status: response.status, session: response.headers.get('mcp-session-id'), body: parseMcpBody(await response.text()) };
  };
  const open = async (principal: string, capabilities: Record<string, unknown>) => {
    const opened = await send(principal, initialize(capabilities));
    if (opened.status !== 200 || !opened.session) throw new Error(`initialize answered ${opened.status}`);
    await send(principal, { jsonrpc: '2.0', method: 'notifications/initialized' }, opened.session);
    return opened.session;
  };
  const tools = (principal: string, session: string) => send(principal, listTools, session);
  return { manager, send, open, tools, prefix };
}

beforeAll(async () => {
  await redis.connect();
  moduleRef = await gatewayProviders();
  handler = createMcpHandler(moduleRef.get(McpServerFactoryProvider).create(), {});
});
afterAll(async () => {
  jest.useRealTimers();
  await Promise.all(managers.map((manager) => manager.closeAll()));
  await handler?.close();
  await moduleRef?.close();
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.each<[Store, string, Record<string, unknown>]>([
  ['memory', 'stateless', {}],
  ['memory', 'live (elicitation)', { elicitation: {} }],
  ['redis', 'stateless', {}],
  ['redis', 'live (elicitation)', { elicitation: {} }],
])('LegacySessionManager, %s store, %s sessions', (store, _kind, capabilities) => {
  const wide = { maxSessions: 10, idleTimeoutMs: 60_000 };

  it('serves the principal that opened the session, and answers another one exactly like an unknown id', async () => {
    const { open, tools } = gateway(store, wide);
    const session = await open('alice', capabilities);
    const own = await tools('alice', session);
    expect(own.status).toBe(200);
    expect((own.body?.result as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toContain('probe_enhanced');
    const stolen = await tools('mallory', session);
    expect(stolen).toEqual(NOT_FOUND);
    expect(await tools('mallory', '7d2f0b1e-0000-4000-8000-000000000000')).toEqual(stolen);
    expect(await tools('mallory', 'not-even-a-uuid')).toEqual(stolen);
    expect((await tools('alice', session)).status).toBe(200);
  });

  it("closes the session on DELETE by its owner, and ignores another principal's DELETE", async () => {
    const { open, send, tools } = gateway(store, wide);
    const session = await open('alice', capabilities);
    expect(await send('mallory', undefined, session, 'DELETE')).toEqual(NOT_FOUND);
    expect((await tools('alice', session)).status).toBe(200);
    expect((await send('alice', undefined, session, 'DELETE')).status).toBe(200);
    expect(await tools('alice', session)).toEqual(NOT_FOUND);
    expect(await send('alice', undefined, session, 'DELETE')).toEqual(NOT_FOUND);
  });

  it('refuses an initialize beyond maxSessions with a 503 JSON-RPC error, and accepts one again once a session closed', async () => {
    const { open, send, tools } = gateway(store, { maxSessions: 2, idleTimeoutMs: 60_000 });
    const first = await open('alice', capabilities);
    await open('bob', capabilities);
    expect(await send('carol', initialize(capabilities))).toEqual(TOO_MANY);
    expect((await tools('alice', first)).status).toBe(200); // open sessions are still served
    await send('alice', undefined, first, 'DELETE');
    expect((await send('carol', initialize(capabilities))).session).toEqual(expect.any(String));
  });
});

describe.each<[string, Record<string, unknown>]>([
  ['stateless', {}],
  ['live', { elicitation: {} }],
])('LegacySessionManager idle expiry, %s sessions', (_kind, capabilities) => {
  afterEach(() => jest.useRealTimers());

  it('closes a session left idle longer than idleTimeoutMs, and keeps one used in the meantime (memory store)', async () => {
    // Only the clock and the sweeper's interval are faked; the SDK's own timers run for real.
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] });
    const { open, tools, manager } = gateway('memory', { maxSessions: 2, idleTimeoutMs: 10_000 }); // swept every 5 s
    const idle = await open('alice', capabilities);
    const busy = await open('bob', capabilities);
    jest.advanceTimersByTime(6_000);
    expect((await tools('bob', busy)).status).toBe(200);
    jest.advanceTimersByTime(9_000); // 15 s in: alice idle for 15 s, bob for 9 s
    expect(await tools('alice', idle)).toEqual(NOT_FOUND);
    expect((await tools('bob', busy)).status).toBe(200);
    expect(manager.createLight('carol', initialize({}))).toEqual({ id: expect.any(String) }); // alice's no longer counts
  });

  it('answers 404 once Redis expired an idle session', async () => {
    const { open, tools, prefix } = gateway('redis', { maxSessions: 10, idleTimeoutMs: 250 });
    const session = await open('alice', capabilities);
    await until(async () => (await redis.exists(`${prefix}session:${session}`)) === 0, 'Redis to expire the idle session');
    expect(await tools('alice', session)).toEqual(NOT_FOUND);
  });
});

describe('LegacySessionManager across replicas and needs', () => {
  it('lets another replica serve a session, live ones included, to its principal only; DELETE there closes it everywhere', async () => {
    const first = gateway('redis', { maxSessions: 10, idleTimeoutMs: 60_000 });
    const second = gateway('redis', { maxSessions: 10, idleTimeoutMs: 60_000 }, first.prefix);
    for (const capabilities of [{}, { elicitation: {} }]) {
      const session = await first.open('alice', capabilities);
      expect((await second.tools('alice', session)).status).toBe(200);
      expect(await second.tools('mallory', session)).toEqual(NOT_FOUND);
      expect((await second.send('alice', undefined, session, 'DELETE')).status).toBe(200);
      expect(await first.tools('alice', session)).toEqual(NOT_FOUND);
    }
  });

  it.each<Store>(['memory', 'redis'])('holds the cap when initializes arrive at once (%s store, two replicas for Redis)', async (store) => {
    const options = { maxSessions: 3, idleTimeoutMs: 60_000 };
    const first = gateway(store, options);
    const second = store === 'redis' ? gateway(store, options, first.prefix) : first;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).send(`p${i}`, initialize({}))));
    expect(answers.filter((answer) => answer.session !== null)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 503)).toHaveLength(5);
  });

  it('gives a stateless session a live server of its own when it subscribes, under the same id and principal', async () => {
    const { manager, open, send, tools } = gateway('memory', { maxSessions: 10, idleTimeoutMs: 60_000 });
    const session = await open('alice', {});
    const subscribe = { jsonrpc: '2.0', id: 3, method: 'resources/subscribe', params: { uri: 'probe://watched' } };
    expect(await send('mallory', subscribe, session)).toEqual(NOT_FOUND);
    expect(await send('alice', subscribe, session)).toMatchObject({ status: 200, body: { id: 3, result: {} } });
    const seen: string[][] = [];
    manager.forEach((_mcp, subscriptions) => seen.push([...subscriptions]));
    expect(seen).toEqual([['probe://watched']]);
    expect((await tools('alice', session)).status).toBe(200);
    expect(await tools('mallory', session)).toEqual(NOT_FOUND);
  });

  it('answers 503 with a JSON-RPC error, opening nothing, while the session store cannot be reached', async () => {
    const offline = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const { send } = gateway('redis', { maxSessions: 10, idleTimeoutMs: 60_000 }, undefined, offline);
    const unavailable = { status: 503, session: null, body: { jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringMatching(/^Sessions are unavailable/) } } };
    expect(await send('alice', initialize({}))).toEqual(unavailable);
    expect(await send('alice', listTools, '7d2f0b1e-0000-4000-8000-000000000000')).toEqual(unavailable);
    offline.disconnect();
  });
});
