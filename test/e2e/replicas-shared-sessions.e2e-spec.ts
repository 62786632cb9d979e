import { randomUUID } from 'node:crypto';
import type { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { DEV, endSession, OPS, ReplicaSet } from '../support/replica-set';

const MAX_SESSIONS = 4;

/**
 * Two replicas sharing Redis, with no load balancer and no affinity: a client whose every
 * request goes to the next replica in turn. Legacy sessions, their cap and their principal
 * binding must hold whichever replica a request reaches.
 */
describe('legacy sessions across replicas sharing Redis', () => {
  const set = new ReplicaSet({ SKILLNEST_MAX_SESSIONS: String(MAX_SESSIONS) });

  beforeAll(async () => {
    await set.start();
    await set.start();
  }, 60_000);
  afterAll(async () => set.stop());

  it('serves a 2025 session (v1 SDK and v2 legacy clients) with requests alternating between replicas', async () => {
    const hits: number[] = [];
    const clients = [await set.v1(OPS, set.roundRobin(hits)), await set.v2(OPS, set.roundRobin(hits))];
    for (const client of clients as ClientV1[]) {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('catalog_search_services');
      for (let call = 0; call < 10; call++) {
        const result = await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier1' } });
        expect(result.isError).toBeFalsy();
      }
      await endSession(client);
    }
    expect(hits.every((count) => count > 10)).toBe(true);
  });

  it("answers another principal's session id like an unknown one, on every replica", async () => {
    let sessionId: string | undefined;
    const capture = (async (_input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(new URL('/mcp', set.replicas[0].origin), init);
      sessionId ??= response.headers.get('mcp-session-id') ?? undefined;
      return response;
    }) as typeof fetch;
    const client = await set.v1(OPS, capture);
    for (const replica of set.replicas) {
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
    await endSession(client);
  });

  it('caps sessions across replicas: beyond the cap, initialize gets 503 on any replica', async () => {
    const open: ClientV1[] = [];
    for (let index = 0; index < MAX_SESSIONS; index++) open.push(await set.v1(index % 2 ? OPS : DEV));
    // Each initialize went to the next replica in turn; the next one is refused wherever it lands.
    await expect(set.v1(OPS)).rejects.toThrow(/Too many open sessions/);
    await expect(set.v1(DEV)).rejects.toThrow(/Too many open sessions/);
    for (const client of open) await endSession(client);
    // Ended sessions free their places on every replica.
    await endSession(await set.v1(OPS));
  });

  it('opens a fresh stream for a Last-Event-ID another replica issued (replay is a MAY), instead of failing', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${OPS}` };
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'resume', version: '1' } } };
    const opened = await fetch(new URL('/mcp', set.replicas[0].origin), { method: 'POST', headers, body: JSON.stringify(init) });
    const session = { ...headers, accept: 'text/event-stream', 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    await opened.text();
    const abort = new AbortController();
    const resumed = await fetch(new URL('/mcp', set.replicas[1].origin), { headers: { ...session, 'last-event-id': 'a-stream-held-elsewhere_7' }, signal: abort.signal });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('content-type')).toMatch(/text\/event-stream/);
    abort.abort();
  });
});
