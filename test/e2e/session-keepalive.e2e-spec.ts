import Redis from 'ioredis';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SkillsRegistry } from '@skillnest/skills';
import { startFairShareApp, TOKENS, type FairShareApp, type Store } from '../fixtures/fair-share-app';
import { sessionRequest, v1Client } from '../support/legacy-http';
import { TEST_REDIS_URL } from '../support/redis-prefix';

const IDLE_MS = 600;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An open GET stream is use of its legacy session: the session must not idle out while its
 * client listens (it was closed after 30 idle minutes with the stream open), in memory and in
 * Redis, where the key's expiry is refreshed periodically and never set beyond one idle timeout.
 * Once the stream closes, the session idles out as any other.
 */
describe.each<Store>(['memory', 'redis'])('a legacy session with an open GET stream stays alive (%s store)', (store) => {
  let gateway: FairShareApp;
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });

  beforeAll(async () => {
    await redis.connect();
    gateway = await startFairShareApp(store, { legacySessions: { idleTimeoutMs: IDLE_MS } });
  });
  afterAll(async () => {
    await gateway?.close();
    redis.disconnect();
  });

  it('keeps the session and its stream through several idle timeouts, then expires it once the stream closes', async () => {
    // The v1 SDK (1.32) opens the session's GET stream itself, right after the handshake.
    const client = await v1Client(gateway.url, TOKENS.alice);
    const session = (client.transport as StreamableHTTPClientTransport).sessionId!;
    let announced!: () => void;
    const listChanged = new Promise<void>((resolve) => (announced = resolve));
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => announced());
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('acc_open');

    // Nothing but the stream for three idle timeouts: this is the waiting under test.
    await pause(3 * IDLE_MS);
    if (store === 'redis') {
      // Refreshed, and never for longer than one idle timeout: a replica that dies keeps nothing alive.
      const ttl = await redis.pttl(`${gateway.redisPrefix}session:${session}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(IDLE_MS);
    }
    // The stream is still open: a change reaches the client on it...
    gateway.app.get(SkillsRegistry).setEnabled('tool', 'acc_open', false);
    await listChanged;
    gateway.app.get(SkillsRegistry).setEnabled('tool', 'acc_open', true);
    // ...and the session still serves requests.
    expect((await sessionRequest(gateway.url, TOKENS.alice, session, 'tools/list')).status).toBe(200);

    // The client goes away without DELETE: its stream closes, and from then on the session idles
    // (no request meanwhile: a request would be a use). Redis shows the key going; memory has no
    // window to watch through, so three idle timeouts pass (expiry comes within one, plus a sweep).
    await client.close();
    const key = `${gateway.redisPrefix}session:${session}`;
    for (let attempt = 0; store === 'redis' && attempt < 40 && (await redis.exists(key)) === 1; attempt++) await pause(IDLE_MS / 4);
    if (store === 'memory') await pause(3 * IDLE_MS);
    const answer = await sessionRequest(gateway.url, TOKENS.alice, session, 'ping');
    expect(answer.status).toBe(404);
  });
});
