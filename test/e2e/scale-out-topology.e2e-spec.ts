import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AppProcess } from '../support/app-process';
import { boundedLoad } from '../support/bounded-load';
import { modernRequest } from '../support/mcp-http';
import { startTopology, TOPOLOGY_TOKEN, type Topology } from '../support/topology';

const WORKERS = 8;
const LOAD_MS = 4_000;

/**
 * The shipped deployment as a topology: three replicas of the example service (real processes),
 * the shipped nginx config in front, the machine's Redis and a fresh database. Every figure
 * the README quotes under "Scaling out" comes from here.
 */
describe('scale-out topology: 3 replicas behind the shipped nginx config', () => {
  let topology: Topology;
  let replicas: AppProcess[];
  const auth = { authorization: `Bearer ${TOPOLOGY_TOKEN}` };

  beforeAll(async () => {
    topology = await startTopology(3);
    ({ replicas } = topology);
  }, 120_000);
  afterAll(async () => topology?.stop());

  const mcp = () => new URL('/mcp', topology.balancer.url);
  const options = { requestInit: { headers: auth } };

  it('connects a v1 SDK client and a 2.x legacy client through the balancer, 50 calls each', async () => {
    const v1 = new ClientV1({ name: 'v1-topology', version: '1' });
    await v1.connect(new TransportV1(mcp(), options));
    const v2 = new ClientV2({ name: 'v2-legacy-topology', version: '1' });
    await v2.connect(new TransportV2(mcp(), options));
    for (const client of [v1, v2] as ClientV1[]) {
      expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      const results = [];
      for (let call = 0; call < 50; call++) results.push(await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier1' } }));
      expect(results.filter((result) => result.isError || !result.structuredContent)).toEqual([]);
      await (client.transport as TransportV1).terminateSession();
      await client.close();
    }
  }, 60_000);

  it('serves 300 calls of a 2026-07-28 client through the balancer', async () => {
    const client = new ClientV2({ name: 'v2-auto-topology', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new TransportV2(mcp(), options));
    expect(client.getProtocolEra()).toBe('modern');
    const failed = [];
    for (let call = 0; call < 300; call++) {
      const result = await client.callTool({ name: 'catalog_search_services', arguments: { tier: 'tier2' } });
      if (result.isError || !result.structuredContent) failed.push(result);
    }
    expect(failed).toEqual([]);
    await client.close();
  }, 60_000);

  it('answers 30 multi-round input_required calls whose second round reaches another replica', async () => {
    const withCaps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const answers = [];
    for (let round = 0; round < 30; round++) {
      const [first, second] = [replicas[round % 2], replicas[(round + 1) % 2]];
      const asked = (await modernRequest(`${first.url}/mcp`, 'tools/call', { name: 'probe_confirm', arguments: {}, _meta: withCaps }, auth)).body?.result as {
        requestState: string;
      };
      const reply = { inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState: asked.requestState };
      const done = await modernRequest(`${second.url}/mcp`, 'tools/call', { name: 'probe_confirm', arguments: {}, ...reply, _meta: withCaps }, auth);
      answers.push((done.body?.result as { content: Array<{ text: string }> }).content[0].text);
    }
    expect(new Set(answers)).toEqual(new Set(['confirmed by static:ops: yes']));
  });

  it('runs a server-to-client elicitation of a legacy session through the balancer', async () => {
    const client = new ClientV2({ name: 'v2-legacy-elicits', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { ok: true } }));
    await client.connect(new TransportV2(mcp(), options));
    for (let call = 0; call < 5; call++) {
      const result = await client.callTool({ name: 'probe_confirm', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'confirmed by static:ops: yes' }]);
    }
    await client.close();
  });

  it('shares a per-principal skill budget across the replicas (5 a minute, whichever replica serves)', async () => {
    const statuses = [];
    for (let call = 0; call < 9; call++)
      statuses.push((await modernRequest(`${topology.balancer.url}/mcp`, 'tools/call', { name: 'probe_budgeted', arguments: {} }, auth)).status);
    // In process memory, each of the three replicas would have let 5 through.
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  });

  it("answers a body over nginx's limit with the app's JSON-RPC 413", async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', arguments: { pad: 'x'.repeat(5 * 1024 * 1024) } } });
    const response = await fetch(mcp(), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth }, body: big });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(/Request body too large/) } });
  });

  it('lets a listener on replica 1 hear an incident changed through replica 2', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth };
    const post = (replica: AppProcess, body: object, extra: Record<string, string> = {}) =>
      fetch(`${replica.url}/mcp`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
    const opened = await modernRequest(
      `${replicas[1].url}/mcp`,
      'tools/call',
      { name: 'incident_open', arguments: { service: 'ledger', severity: 'sev3', title: 'Slow close' } },
      auth,
    );
    const id = ((opened.body as { result: { structuredContent: { id: string } } }).result.structuredContent as { id: string }).id;
    const uri = `incident://incidents/${id}`;

    const init = await post(replicas[0], {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'l', version: '1' } },
    });
    const session = { 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    await init.text();
    const abort = new AbortController();
    const stream = await fetch(`${replicas[0].url}/mcp`, { headers: { ...headers, ...session, accept: 'text/event-stream' }, signal: abort.signal });
    expect(stream.status).toBe(200);
    await (await post(replicas[0], { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri } }, session)).text();

    const update = await modernRequest(`${replicas[1].url}/mcp`, 'tools/call', { name: 'incident_update', arguments: { id, status: 'resolved', note: 'fixed' } }, auth);
    expect(update.status).toBe(200);
    const reader = stream.body!.getReader();
    let heard = '';
    while (!heard.includes(uri)) {
      const { value, done } = await reader.read();
      if (done) break;
      heard += Buffer.from(value).toString('utf8');
    }
    abort.abort();
    expect(heard).toMatch(new RegExp(`notifications/resources/updated.*${uri}`));
  });

  const load = (tool: string, args: (worker: number, call: number) => Record<string, unknown>) =>
    boundedLoad({ url: `${topology.balancer.url}/mcp`, headers: auth, tool, args, workers: WORKERS, maxCalls: 400, maxMs: LOAD_MS * 3 });
  /** `SKILLNEST_TOPOLOGY_FIGURES=1 npx jest test/e2e/scale-out-topology` prints the figures the README quotes. */
  const figures = (what: string, values: Record<string, number>) => {
    if (process.env.SKILLNEST_TOPOLOGY_FIGURES) process.stdout.write(`topology: ${what} ${JSON.stringify(values)}\n`);
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('gives clients 0 errors while a replica is stopped with SIGTERM under load (a rolling restart)', async () => {
    const running = load('probe_db_sleep', () => ({ seconds: 0.05 }));
    await pause(LOAD_MS / 4);
    const draining = replicas[2];
    draining.child.kill('SIGTERM');
    const exit = await draining.exited;
    await pause(LOAD_MS / 4);
    await running.stop();
    const failed = running.outcomes.filter((outcome) => !outcome.ok);
    const nginxSaid = failed.length ? topology.balancer.errors().split('\n').slice(-8).join('\n') : '';
    expect({ calls: running.outcomes.length, failed: failed.slice(0, 3), nginxSaid }).toEqual({ calls: expect.any(Number), failed: [], nginxSaid: '' });
    figures('SIGTERM', { calls: running.outcomes.length, failed: failed.length, exitCode: exit.code ?? -1 });
    expect(running.outcomes.length).toBeGreaterThan(WORKERS * 10);
    expect(exit.code).toBe(0);
  }, 60_000);

  it('loses no acknowledged write when a replica is killed with SIGKILL under load', async () => {
    const running = load('incident_open', (worker, call) => ({ service: 'ledger', severity: 'sev4', title: `kill-${worker}-${call}` }));
    await pause(LOAD_MS / 4);
    replicas[1].child.kill('SIGKILL');
    await replicas[1].exited;
    await pause(LOAD_MS / 4);
    await running.stop();
    const acknowledged = running.outcomes.filter((outcome) => outcome.ok).map((outcome) => String(outcome.args.title));
    const failed = running.outcomes.filter((outcome) => !outcome.ok);
    // Only calls in flight on the killed replica may fail: at most one per worker.
    expect(failed.length).toBeLessThanOrEqual(WORKERS);
    const stored = await topology.query<{ title: string }>('SELECT title FROM incidents WHERE title = ANY($1)', [acknowledged]);
    expect(new Set(stored.map((row) => row.title)).size).toBe(acknowledged.length);
    figures('SIGKILL', { calls: running.outcomes.length, acknowledged: acknowledged.length, stored: stored.length, failed: failed.length });
    expect(acknowledged.length).toBeGreaterThan(WORKERS * 5);
  }, 60_000);
});
