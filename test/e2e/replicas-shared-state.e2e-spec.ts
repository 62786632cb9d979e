import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SkillsRegistry } from '@skillnest/skills';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const OPS = 'ops-token-0123456789';
const DEV = 'dev-token-0123456789';
const PREFIX = `skillnest-test-${randomUUID()}`;
const REDIS_URL = 'redis://127.0.0.1:6379';
const MAX_SESSIONS = 4;

/**
 * Two replicas of the example service in one process, sharing a database and the machine's
 * Redis, with no load balancer and no affinity: a client whose every request goes to the next
 * replica in turn. What one replica knows (sessions, switches, resource updates) the other must.
 */
describe('replicas sharing Redis', () => {
  let database: TestDatabase;
  const replicas: RunningApp[] = [];
  const env = {
    REDIS_URL,
    SKILLNEST_REDIS_PREFIX: PREFIX,
    SKILLNEST_TOKENS: `ops=${OPS},dev=${DEV}`,
    SKILLNEST_STATE_KEY: 's'.repeat(48),
    SKILLNEST_MAX_SESSIONS: String(MAX_SESSIONS),
  };
  const start = async () => {
    const replica = await startExampleApp({ env: { ...env, DATABASE_URL: database.url }, imports: [ContextProbeModule] });
    replicas.push(replica);
    return replica;
  };

  /** A fetch that sends each request to the next replica, rewriting only the origin. */
  const roundRobin = (hits: number[] = []) => {
    let next = 0;
    return (input: string | URL | Request, init?: RequestInit) => {
      const index = next++ % replicas.length;
      hits[index] = (hits[index] ?? 0) + 1;
      const url = new URL(input instanceof Request ? input.url : String(input));
      return fetch(new URL(url.pathname + url.search, replicas[index].origin), init);
    };
  };
  const auth = (token: string) => ({ requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const v1 = async (token: string, fetchVia = roundRobin()) => {
    const client = new ClientV1({ name: 'v1-rr', version: '1' });
    await client.connect(new TransportV1(new URL('http://lb.invalid/mcp'), { ...auth(token), fetch: fetchVia }));
    return client;
  };

  /** Ends a session (DELETE), as a well-behaved client does, then closes the client. */
  const end = async (client: ClientV1 | ClientV2) => {
    await (client.transport as TransportV1 | TransportV2 | undefined)?.terminateSession();
    await client.close();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await start();
    await start();
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await database?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('serves a 2025 session (v1 SDK and v2 legacy clients) with requests alternating between replicas', async () => {
    const hits: number[] = [];
    const clients = [await v1(OPS, roundRobin(hits))];
    const legacy = new ClientV2({ name: 'v2-legacy-rr', version: '1' });
    await legacy.connect(new TransportV2(new URL('http://lb.invalid/mcp'), { ...auth(OPS), fetch: roundRobin(hits) }));
    for (const client of [...clients, legacy] as ClientV1[]) {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('catalog_search_services');
      for (let call = 0; call < 10; call++) {
        const result = await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier1' } });
        expect(result.isError).toBeFalsy();
      }
      await end(client);
    }
    expect(hits.every((count) => count > 10)).toBe(true);
  });

  it("answers another principal's session id like an unknown one, on every replica", async () => {
    let sessionId: string | undefined;
    const capture = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(new URL('/mcp', replicas[0].origin), init);
      sessionId ??= response.headers.get('mcp-session-id') ?? undefined;
      return response;
    };
    const client = await v1(OPS, capture as typeof fetch);
    for (const replica of replicas) {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', 'mcp-session-id': sessionId! };
      const foreign = await fetch(new URL('/mcp', replica.origin), { method: 'POST', body, headers: { ...headers, authorization: `Bearer ${DEV}` } });
      const unknown = await fetch(new URL('/mcp', replica.origin), {
        method: 'POST',
        body,
        headers: { ...headers, authorization: `Bearer ${OPS}`, 'mcp-session-id': randomUUID() },
      });
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(await foreign.json()).toEqual(await unknown.json());
    }
    await end(client);
  });

  it('caps sessions across replicas: beyond the cap, initialize gets 503 on any replica', async () => {
    const open: ClientV1[] = [];
    for (let index = 0; index < MAX_SESSIONS; index++) open.push(await v1(index % 2 ? OPS : DEV));
    // Each initialize went to the next replica in turn; the next one is refused wherever it lands.
    await expect(v1(OPS)).rejects.toThrow(/Too many open sessions/);
    await expect(v1(DEV)).rejects.toThrow(/Too many open sessions/);
    for (const client of open) await end(client);
    // Ended sessions free their places on every replica.
    await end(await v1(OPS));
  });

  /** A legacy session opened on replica 0 whose GET stream is held by replica 1: resolves with the first message matching `pattern`. */
  const streamOnReplica1 = async (pattern: RegExp) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${OPS}` };
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const opened = await fetch(new URL('/mcp', replicas[0].origin), { method: 'POST', headers, body: JSON.stringify(init) });
    const session = { ...headers, 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    await opened.text();
    const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect((await fetch(new URL('/mcp', replicas[1].origin), { method: 'POST', headers: session, body: initialized })).status).toBe(202);
    const abort = new AbortController();
    const stream = await fetch(new URL('/mcp', replicas[1].origin), { headers: { ...session, accept: 'text/event-stream' }, signal: abort.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const message = (async () => {
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += Buffer.from(value).toString('utf8');
        if (pattern.test(text)) return text;
      }
    })();
    const send = (body: object) => fetch(new URL('/mcp', replicas[1].origin), { method: 'POST', headers: session, body: JSON.stringify(body) });
    return { message, send, close: () => abort.abort() };
  };

  it('switches a skill off on one replica and every replica lists, refuses and announces it', async () => {
    const listener = await streamOnReplica1(/notifications\/tools\/list_changed/);
    expect(replicas[1].app.get(SkillsRegistry).tool('probe_dynamic')).toBeDefined();
    replicas[0].app.get(SkillsRegistry).setEnabled('tool', 'probe_dynamic', false);
    expect(await listener.message).toMatch(/notifications\/tools\/list_changed/);
    listener.close();
    expect(replicas[1].app.get(SkillsRegistry).tool('probe_dynamic')).toBeUndefined();
    const reader = await v1(OPS);
    for (let round = 0; round < replicas.length; round++) expect((await reader.listTools()).tools.map((tool) => tool.name)).not.toContain('probe_dynamic');
    expect((await reader.callTool({ name: 'probe_dynamic', arguments: {} }).catch((error: Error) => error)) as Error).toMatchObject({
      message: expect.stringMatching(/Unknown tool/),
    });
    await end(reader);
    const late = await start();
    expect(late.app.get(SkillsRegistry).tool('probe_dynamic')).toBeUndefined();
    replicas[1].app.get(SkillsRegistry).setEnabled('tool', 'probe_dynamic', true);
    for (let attempt = 0; attempt < 50 && replicas.some((replica) => !replica.app.get(SkillsRegistry).tool('probe_dynamic')); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(replicas.map((replica) => replica.app.get(SkillsRegistry).tool('probe_dynamic') !== undefined)).toEqual([true, true, true]);
  }, 60_000);

  it('tells a subscriber on one replica that an incident changed through another (incident_update)', async () => {
    const via0 = ((_input: string | URL | Request, init?: RequestInit) => fetch(new URL('/mcp', replicas[0].origin), init)) as typeof fetch;
    const writer = await v1(OPS, via0);
    const opened = await writer.callTool({ name: 'incident_open', arguments: { service: 'checkout-api', severity: 'sev2', title: 'Elevated 5xx' } });
    const id = (opened.structuredContent as { id: string }).id;
    const uri = `incident://incidents/${id}`;
    const listener = await streamOnReplica1(new RegExp(`notifications/resources/updated.*${uri}`));
    const subscribed = await listener.send({ jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri } });
    expect(subscribed.status).toBe(200);
    await subscribed.text();
    const updated = await writer.callTool({ name: 'incident_update', arguments: { id, status: 'mitigated', note: 'rolled back' } });
    expect(updated.isError).toBeFalsy();
    expect(await listener.message).toContain(uri);
    listener.close();
    await end(writer);
  });
});
