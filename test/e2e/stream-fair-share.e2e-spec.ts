import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startFairShareApp, TOKENS, type FairShareApp, type Principal, type Store } from '../fixtures/fair-share-app';
import { endSession, openSession, openStream } from '../support/legacy-http';
import { MCP_HEADERS, parseMcpBody } from '../support/mcp-http';

const PER_PRINCIPAL = 2;
const IN_ALL = 3;
const limits = { legacySessions: { maxStreams: IN_ALL, maxStreamsPerPrincipal: PER_PRINCIPAL }, listenStreams: { maxStreams: IN_ALL, maxStreamsPerPrincipal: PER_PRINCIPAL } };
const refusal = (id: number | null, limit: string, max: number, message: RegExp) => ({
  jsonrpc: '2.0',
  id,
  error: { code: -32000, message: expect.stringMatching(message), data: { limit, max } },
});
const OWN = /^You hold 2 open notification streams here, the most one caller may/;
const FULL = /^Too many open notification streams on this server/;

/** Polls `attempt` (bounded) until it answers 200: a closed stream's place is freed when the server notices the disconnect. */
async function eventually<T extends { status: number }>(attempt: () => Promise<T>): Promise<T> {
  let last = await attempt();
  for (let tries = 0; last.status !== 200 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await attempt();
  }
  return last;
}

/** A raw 2026-07-28 `subscriptions/listen` (its answer read up to the acknowledgement, the stream held open until `close`). */
async function listen(url: URL, who: Principal, id = 7) {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    signal: abort.signal,
    headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKENS[who]}`, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'subscriptions/listen',
      params: { notifications: { toolsListChanged: true }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
    }),
  });
  const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const body = streaming ? undefined : parseMcpBody(await response.text());
  return { status: response.status, headers: response.headers, streaming, body, close: () => abort.abort() };
}

describe.each<Store>(['memory', 'redis'])('notification streams, a fair share per principal on each replica (%s store)', (store) => {
  let gateway: FairShareApp;

  beforeAll(async () => {
    gateway = await startFairShareApp(store, limits);
  });
  afterAll(async () => {
    const t = Date.now();
    await gateway?.close();
    console.log('close took', Date.now() - t);
  });

  it('caps legacy GET streams: 429 beyond a principal’s share, 503 once the replica holds maxStreams', async () => {
    const sessions = { alice: [] as string[], bob: [] as string[], carol: [] as string[] };
    for (const who of ['alice', 'alice', 'alice', 'bob', 'carol'] as const) sessions[who].push(await openSession(gateway.url, TOKENS[who]));
    const alice = [await openStream(gateway.url, TOKENS.alice, sessions.alice[0]), await openStream(gateway.url, TOKENS.alice, sessions.alice[1])];
    expect(alice.map((stream) => stream.status)).toEqual([200, 200]);

    const third = await openStream(gateway.url, TOKENS.alice, sessions.alice[2]);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await third.response.json()).toEqual(refusal(null, 'maxStreamsPerPrincipal', PER_PRINCIPAL, OWN));

    const bob = await openStream(gateway.url, TOKENS.bob, sessions.bob[0]);
    expect(bob.status).toBe(200); // another principal still gets a stream
    const carol = await openStream(gateway.url, TOKENS.carol, sessions.carol[0]);
    expect(carol.status).toBe(503);
    expect(await carol.response.json()).toEqual(refusal(null, 'maxStreams', IN_ALL, FULL));

    // A closed stream gives its place back.
    alice[0].close();
    const reopened = await eventually(() => openStream(gateway.url, TOKENS.alice, sessions.alice[2]));
    expect(reopened.status).toBe(200);
    // Ending the sessions closes their streams too.
    for (const who of ['alice', 'bob', 'carol'] as const) for (const session of sessions[who]) await endSession(gateway.url, TOKENS[who], session);
    for (const stream of [alice[1], bob, reopened]) stream.close();
  });

  it('caps subscriptions/listen streams the same way, with -32000 (no longer -32603)', async () => {
    const alice = [await listen(gateway.url, 'alice'), await listen(gateway.url, 'alice')];
    expect(alice.map((stream) => [stream.status, stream.streaming])).toEqual([
      [200, true],
      [200, true],
    ]);
    const third = await listen(gateway.url, 'alice', 9);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(third.body).toEqual(refusal(9, 'maxStreamsPerPrincipal', PER_PRINCIPAL, OWN));

    // The official client: bob listens; then the replica is full, and carol's listen is refused.
    const bob = new Client({ name: 'bob-listener', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    await bob.connect(new StreamableHTTPClientTransport(gateway.url, { requestInit: { headers: { Authorization: `Bearer ${TOKENS.bob}` } } }));
    const subscription = await bob.listen({ toolsListChanged: true });
    const carol = new Client({ name: 'carol-listener', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    await carol.connect(new StreamableHTTPClientTransport(gateway.url, { requestInit: { headers: { Authorization: `Bearer ${TOKENS.carol}` } } }));
    await expect(carol.listen({ toolsListChanged: true })).rejects.toThrow(/Too many open notification streams/);
    const full = await listen(gateway.url, 'carol');
    expect([full.status, full.body]).toEqual([503, refusal(7, 'maxStreams', IN_ALL, FULL)]);

    alice[0].close();
    const reopened = await eventually(() => listen(gateway.url, 'alice'));
    expect(reopened.streaming).toBe(true);
    for (const stream of [alice[1], reopened]) stream.close();
    await subscription.close();
    await Promise.all([bob.close(), carol.close()]);
  });
});
