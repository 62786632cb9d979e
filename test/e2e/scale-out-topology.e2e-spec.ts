import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawnApp, type AppProcess } from '../support/app-process';
import { modernRequest } from '../support/mcp-http';
import { startBalancer, type Balancer } from '../support/nginx-balancer';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TOKEN = 'topology-token-0123456789';
const PREFIX = `skillnest-topology-${randomUUID()}`;
const REDIS_URL = 'redis://127.0.0.1:6379';
const WORKERS = 8;
/** Each load phase is bounded: this many calls per worker at most, and a time cap. */
const MAX_CALLS_PER_WORKER = 400;
const LOAD_MS = 4_000;

/**
 * The shipped deployment as a topology: three replicas of the example service (real processes),
 * the shipped nginx config in front, the machine's Redis and a fresh database. Every figure
 * the README quotes under "Scaling out" comes from here.
 */
describe('scale-out topology: 3 replicas behind the shipped nginx config', () => {
  let database: TestDatabase;
  let replicas: AppProcess[] = [];
  let balancer: Balancer;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SKILLNEST_REDIS_PREFIX: PREFIX,
      SKILLNEST_TOKENS: `ops=${TOKEN}`,
      SKILLNEST_STATE_KEY: 't'.repeat(48),
      SKILLNEST_DRAIN_TIMEOUT_MS: '8000',
      // As docker-compose.yml sets it, above the shipped nginx's upstream keepalive_timeout.
      SKILLNEST_DRAIN_LINGER_MS: '4000',
      PG_POOL_MAX: '10',
    };
    replicas = await Promise.all([0, 1, 2].map(() => spawnApp(env)));
    await Promise.all(replicas.map((replica) => replica.waitFor(/Skillnest example listening/, 90_000)));
    balancer = await startBalancer(replicas.map((replica) => replica.port));
  }, 120_000);

  afterAll(async () => {
    for (const replica of replicas) replica.kill();
    await balancer?.stop();
    await database?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const mcp = () => new URL('/mcp', balancer.url);
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

  /** Workers calling `name` through the balancer until `stop()` (bounded in calls and time). */
  const load = (name: string, args: (worker: number, call: number) => Record<string, unknown>) => {
    let stopped = false;
    const outcomes: Array<{ ok: boolean; status: number; detail: string; args: Record<string, unknown> }> = [];
    const deadline = Date.now() + LOAD_MS * 3;
    const workers = Array.from({ length: WORKERS }, async (_, worker) => {
      for (let call = 0; call < MAX_CALLS_PER_WORKER && !stopped && Date.now() < deadline; call++) {
        const input = args(worker, call);
        try {
          const answer = await modernRequest(`${balancer.url}/mcp`, 'tools/call', { name, arguments: input }, auth);
          const result = (answer.body as { result?: { isError?: boolean } } | undefined)?.result;
          const ok = answer.status === 200 && result !== undefined && !result.isError;
          outcomes.push({ ok, status: answer.status, detail: ok ? '' : answer.raw.slice(0, 200), args: input });
        } catch (error) {
          outcomes.push({ ok: false, status: 0, detail: String(error), args: input });
        }
      }
    });
    return {
      outcomes,
      stop: async () => {
        stopped = true;
        await Promise.all(workers);
      },
    };
  };
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
    const nginxSaid = failed.length ? balancer.errors().split('\n').slice(-8).join('\n') : '';
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
    const client = new PgClient({ connectionString: database.url });
    await client.connect();
    const stored = (await client.query<{ title: string }>('SELECT title FROM incidents WHERE title = ANY($1)', [acknowledged])).rows;
    await client.end();
    expect(new Set(stored.map((row) => row.title)).size).toBe(acknowledged.length);
    figures('SIGKILL', { calls: running.outcomes.length, acknowledged: acknowledged.length, stored: stored.length, failed: failed.length });
    expect(acknowledged.length).toBeGreaterThan(WORKERS * 5);
  }, 60_000);
});
