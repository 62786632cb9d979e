import { randomUUID } from 'node:crypto';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from './example-app.harness';
import { dropRedisPrefix, TEST_REDIS_URL } from './redis-prefix';
import { createTestDatabase, type TestDatabase } from './test-database';

export const OPS = 'ops-token-0123456789';
export const DEV = 'dev-token-0123456789';
type Fetch = typeof fetch;

/**
 * Replicas of the example service in one process, sharing a database and the machine's Redis
 * (under a prefix of their own), with no load balancer: clients choose the replica of each
 * request themselves, round robin or pinned.
 */
export class ReplicaSet {
  readonly replicas: RunningApp[] = [];
  private database?: TestDatabase;
  private readonly prefix = `skillnest-test-${randomUUID()}`;

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<RunningApp> {
    this.database ??= await createTestDatabase();
    const env = { REDIS_URL: TEST_REDIS_URL, SKILLNEST_REDIS_PREFIX: this.prefix, SKILLNEST_TOKENS: `ops=${OPS},dev=${DEV}`, SKILLNEST_STATE_KEY: 's'.repeat(48), ...this.env };
    const replica = await startExampleApp({ env: { ...env, DATABASE_URL: this.database.url }, imports: [ContextProbeModule] });
    this.replicas.push(replica);
    return replica;
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    await this.database?.drop();
    await dropRedisPrefix(this.prefix);
  }

  /** A fetch that sends each request to the next replica, rewriting only the origin. */
  roundRobin(hits: number[] = []): Fetch {
    let next = 0;
    return ((input: string | URL | Request, init?: RequestInit) => {
      const index = next++ % this.replicas.length;
      hits[index] = (hits[index] ?? 0) + 1;
      const url = new URL(input instanceof Request ? input.url : String(input));
      return fetch(new URL(url.pathname + url.search, this.replicas[index].origin), init);
    }) as Fetch;
  }

  /** A fetch that sends every request to one replica. */
  pinned(index: number): Fetch {
    return ((_input: string | URL | Request, init?: RequestInit) => fetch(new URL('/mcp', this.replicas[index].origin), init)) as Fetch;
  }

  /** A v1 SDK (2025) client; its requests go where `via` sends them. */
  async v1(token: string, via = this.roundRobin()): Promise<ClientV1> {
    const client = new ClientV1({ name: 'v1-replicas', version: '1' });
    await client.connect(new TransportV1(new URL('http://lb.invalid/mcp'), { ...authOf(token), fetch: via }));
    return client;
  }

  /** A 2.x client: legacy by default, 2026-07-28 with `modern`. */
  async v2(token: string, via: Fetch, modern = false): Promise<ClientV2> {
    const client = new ClientV2({ name: 'v2-replicas', version: '1' }, modern ? { versionNegotiation: { mode: 'auto' } } : {});
    await client.connect(new TransportV2(new URL('http://lb.invalid/mcp'), { ...authOf(token), fetch: via }));
    return client;
  }

  /** A legacy session opened on replica `opener` whose GET stream replica `holder` holds; resolves with the text up to `pattern`. */
  async stream(opener: number, holder: number, pattern: RegExp) {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${OPS}` };
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const opened = await fetch(new URL('/mcp', this.replicas[opener].origin), { method: 'POST', headers, body: JSON.stringify(init) });
    const session = { ...headers, 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    await opened.text();
    const at = new URL('/mcp', this.replicas[holder].origin);
    const initialized = await fetch(at, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    const abort = new AbortController();
    const stream = await fetch(at, { headers: { ...session, accept: 'text/event-stream' }, signal: abort.signal });
    const reader = stream.body!.getReader();
    const message = (async () => {
      let text = '';
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      return text;
    })();
    const send = (body: object) => fetch(at, { method: 'POST', headers: session, body: JSON.stringify(body) });
    return { initializedStatus: initialized.status, streamStatus: stream.status, message, send, close: () => abort.abort() };
  }
}

export const authOf = (token: string) => ({ requestInit: { headers: { Authorization: `Bearer ${token}` } } });

/** Ends a session (DELETE), as a well-behaved client does, then closes the client. */
export async function endSession(client: ClientV1 | ClientV2): Promise<void> {
  await (client.transport as TransportV1 | TransportV2 | undefined)?.terminateSession();
  await client.close();
}
